import { readdir, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ConfigError } from '../../models/errors.ts';
import { exportReadLimits, type SlackExportFiles } from './slack-export-files.ts';

/** The files of an unpacked export folder; each read loads one file, refusing one over the limit per file. */
export async function folderExportFiles(root: string): Promise<SlackExportFiles> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1).split(sep).join('/'));
  const known = new Set(paths);
  return {
    paths,
    async readText(path) {
      if (!known.has(path)) return null;
      const file = join(root, ...path.split('/'));
      if ((await stat(file)).size > exportReadLimits.fileBytes) {
        const limit = `${exportReadLimits.fileBytes / 2 ** 20} MiB (the limit per file)`;
        throw new ConfigError(`the Slack export file ${path} holds more than ${limit}: refused rather than read whole into memory. Check the slack-export PATH`, 'the slack-export PATH', 'slack');
      }
      return readFile(file, 'utf8');
    },
    close: async () => {},
  };
}
