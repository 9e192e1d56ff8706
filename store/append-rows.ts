import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DuckDBDataChunk } from '@duckdb/node-api';

/** Rows per data chunk: DuckDB's standard vector size. */
const chunkSize = 2048;

/** Bulk-appends rows to a table through one DuckDB appender, a column-wise data chunk at a time. */
export async function appendRows(
  connection: DuckDBConnection,
  table: string,
  rows: readonly (readonly DuckDBValue[])[],
): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
    for (let offset = 0; offset < rows.length; offset += chunkSize) {
      const slice = rows.slice(offset, offset + chunkSize);
      const chunk = DuckDBDataChunk.create(types, slice.length);
      types.forEach((_, column) => chunk.setColumnValues(column, slice.map((row) => row[column] ?? null)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
