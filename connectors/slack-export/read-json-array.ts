import type { SlackExportFiles } from './slack-export-files.ts';

/** One export file read as a JSON array: its items, or why not (no such file, or not a JSON array). */
export async function readJsonArray(files: SlackExportFiles, path: string): Promise<unknown[] | 'missing' | 'invalid'> {
  const text = await files.readText(path);
  if (text === null) return 'missing';
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : 'invalid';
  } catch {
    return 'invalid';
  }
}
