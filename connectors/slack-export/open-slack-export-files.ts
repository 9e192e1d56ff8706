import { stat } from 'node:fs/promises';
import { ConfigError } from '../../models/errors.ts';
import { folderExportFiles } from './folder-export-files.ts';
import type { SlackExportFiles } from './slack-export-files.ts';
import { zipExportFiles } from './zip-export-files.ts';

const setting = 'the slack-export PATH';

/** The same files seen from one folder down: for a zip or folder holding the export in a single top folder. */
function under(files: SlackExportFiles, prefix: string): SlackExportFiles {
  return {
    paths: files.paths.flatMap((p) => (p.startsWith(prefix) ? [p.slice(prefix.length)] : [])),
    readText: (path) => files.readText(prefix + path),
    close: () => files.close(),
  };
}

/**
 * Opens a Slack export, a .zip file or an unpacked folder, possibly wrapped in one top folder.
 * Throws a ConfigError naming the path setting when it is missing or holds no users.json and channels.json.
 */
export async function openSlackExportFiles(path: string): Promise<SlackExportFiles> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new ConfigError(`no Slack export at the given path: check ${setting}`, setting, 'slack');
  const files = info.isDirectory() ? await folderExportFiles(path) : await zipExportFiles(path);
  const top = files.paths.filter((p) => /^[^/]+\/users\.json$/.test(p));
  const rooted = files.paths.includes('users.json') || top.length !== 1 ? files : under(files, (top[0] as string).slice(0, -'users.json'.length));
  if (!rooted.paths.includes('users.json') || !rooted.paths.includes('channels.json')) {
    await files.close();
    throw new ConfigError(`the given path is not a Slack export (it needs users.json and channels.json): check ${setting}`, setting, 'slack');
  }
  return rooted;
}
