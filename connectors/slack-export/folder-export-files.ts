import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { SlackExportFiles } from './slack-export-files.ts';

/** The files of an unpacked export folder; each read loads one file. */
export async function folderExportFiles(root: string): Promise<SlackExportFiles> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1).split(sep).join('/'));
  const known = new Set(paths);
  return {
    paths,
    readText: async (path) => (known.has(path) ? readFile(join(root, ...path.split('/')), 'utf8') : null),
    close: async () => {},
  };
}
