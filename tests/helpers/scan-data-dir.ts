import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The raw bytes of every file under a folder, as latin1 text, so a byte-level search finds any ASCII string. */
export function rawTextOf(dir: string): { path: string; text: string }[] {
  return filesUnder(dir).map((path) => ({ path, text: readFileSync(path).toString('latin1') }));
}

/**
 * Every string value of every table of a DuckDB file (lists flattened), so a search sees what
 * the file's compression would hide from a byte scan. BLOBs (ciphertext) are included, escaped,
 * unless `blobs` is false: random bytes can look like anything a pattern looks for.
 */
export async function stringValuesOf(dbPath: string, { blobs = true }: { blobs?: boolean } = {}): Promise<string[]> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const columns = await connection.runAndReadAll(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE data_type IN ('VARCHAR', 'VARCHAR[]'${blobs ? ", 'BLOB'" : ''}) AND table_schema = 'main'`,
    );
    const values: string[] = [];
    for (const [table, column] of columns.getRows() as [string, string][]) {
      const rows = await connection.runAndReadAll(`SELECT CAST("${column}" AS VARCHAR) FROM "${table}" WHERE "${column}" IS NOT NULL`);
      for (const [value] of rows.getRows()) values.push(String(value));
    }
    return values;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
