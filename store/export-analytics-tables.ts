import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateDay, Float64, Int32, Int64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';
import { ConfigError } from '../models/errors.ts';
import { connectDuckDb, defaultDuckDbResources } from './connect-duckdb.ts';
import { sqlStringLiteral } from './sql-string-literal.ts';

/** The analyst-facing tables of the analytics store, the ones an export writes. */
const releasedTables = ['team_week_metrics', 'release_ledger'] as const;

/** The Arrow type and value conversion of one DuckDB column type (DuckDB's JSON form in). */
function arrowColumn(duckType: string): { type: DataType; value: (v: unknown) => unknown } {
  const keep = (v: unknown) => v;
  switch (duckType) {
    case 'INTEGER':
      return { type: new Int32(), value: keep };
    case 'BIGINT':
      return { type: new Int64(), value: (v) => (v === null ? null : BigInt(String(v))) };
    case 'DOUBLE':
      return { type: new Float64(), value: keep };
    case 'DATE':
      return { type: new DateDay(), value: (v) => (v === null ? null : new Date(`${String(v)}T00:00:00Z`)) };
    case 'TIMESTAMP WITH TIME ZONE':
      return { type: new TimestampMillisecond('UTC'), value: (v) => (v === null ? null : Date.parse(String(v))) };
    default:
      return { type: new Utf8(), value: (v) => (v === null ? null : String(v)) };
  }
}

/**
 * Writes the released tables of `<analyticsDir>/analytics.duckdb` (team_week_metrics, release_ledger)
 * to `outDir`, one file per table: Parquet (`<table>.parquet`, written by DuckDB) or Arrow IPC
 * (`<table>.arrow`, written with apache-arrow). The store is opened read-only and only these
 * fixed statements run on it. Returns the files written.
 */
export async function exportAnalyticsTables(analyticsDir: string, outDir: string, format: 'parquet' | 'arrow'): Promise<string[]> {
  const path = join(analyticsDir, 'analytics.duckdb');
  if (!existsSync(path)) {
    throw new ConfigError(`there is no analytics store at ${path} yet: it is created by the first team release (ATTUNE_ANALYTICS_DIR names its folder)`, 'ATTUNE_ANALYTICS_DIR');
  }
  await mkdir(outDir, { recursive: true });
  const db = await connectDuckDb(path, { access_mode: 'READ_ONLY' }, defaultDuckDbResources, 'ATTUNE_ANALYTICS_DIR');
  try {
    const files: string[] = [];
    for (const table of releasedTables) {
      const file = join(outDir, `${table}.${format}`);
      if (format === 'parquet') {
        await db.connection.run(`COPY (SELECT * FROM ${table} ORDER BY ALL) TO ${sqlStringLiteral(file)} (FORMAT parquet)`);
      } else {
        const result = await db.connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY ALL`);
        const types = result.columnTypes().map((t) => arrowColumn(t.toString()));
        const columns = result.getColumnsJson();
        const vectors = Object.fromEntries(
          result.columnNames().map((name, i) => [name, vectorFromArray((columns[i] ?? []).map(types[i]!.value), types[i]!.type)]),
        );
        await writeFile(file, tableToIPC(new Table(vectors), 'file'));
      }
      files.push(file);
    }
    return files;
  } finally {
    db.close();
  }
}
