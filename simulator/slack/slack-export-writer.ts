import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { slackExportEntries } from './slack-export-entries.ts';
import type { SlackWorkspace } from './slack-workspace.ts';

/** How to write a simulated workspace's export. */
export interface SlackExportWriteOptions {
  /** The export's moment: messages and replies after it are not in it. */
  now: Date;
  /** An unpacked folder (created) or one .zip file, as Slack hands it out. */
  format: 'folder' | 'zip';
  /** False for an export whose users.json shows no emails (default true). */
  emails?: boolean;
  /** False for an export made before the attune app was installed: no attune bot user (default true). */
  bot?: boolean;
}

/** What was written: files in the export, and bytes on disk (the zip's size, or the folder's files together). */
export interface SlackExportWritten {
  files: number;
  bytes: number;
}

/**
 * Writes a standard Slack export of `workspace` as of `options.now` to `target` (see
 * slackExportEntries), JSON indented as Slack writes it, one file at a time.
 */
export async function writeSlackExport(workspace: SlackWorkspace, target: string, options: SlackExportWriteOptions): Promise<SlackExportWritten> {
  const entries = slackExportEntries(workspace, options.now, { emails: options.emails ?? true, bot: options.bot ?? true });
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value, null, 4), 'utf8');
  let files = 0;
  let bytes = 0;
  if (options.format === 'folder') {
    for (const { path, value } of entries) {
      const data = encode(value);
      await mkdir(dirname(join(target, path)), { recursive: true });
      await writeFile(join(target, path), data);
      files++;
      bytes += data.length;
    }
    return { files, bytes };
  }

  await mkdir(dirname(target), { recursive: true });
  const out = createWriteStream(target);
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  const finished = once(out, 'finish');
  const zip = new Zip((error, chunk, final) => {
    if (error) return out.destroy(error);
    out.write(chunk);
    bytes += chunk.length;
    if (final) out.end();
  });
  for (const { path, value } of entries) {
    const file = new ZipDeflate(path, { level: 6 });
    file.mtime = options.now;
    zip.add(file);
    file.push(encode(value), true);
    files++;
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed]);
  }
  zip.end();
  await Promise.race([finished, failed]);
  return { files, bytes };
}
