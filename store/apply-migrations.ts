import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction } from './in-transaction.ts';
import type { Migration } from './migration.ts';

/**
 * Brings the connection's current database up to date: applies, in version order, each migration
 * not yet recorded in `schema_migrations`, each in its own transaction together with its record.
 */
export async function applyMigrations(connection: DuckDBConnection, migrations: readonly Migration[]): Promise<void> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const applied = await connection.runAndReadAll('SELECT version FROM schema_migrations');
  const done = new Set(applied.getRowsJson().map(([version]) => Number(version)));
  const pending = [...migrations].filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    await inTransaction(connection, async () => {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run('INSERT INTO schema_migrations VALUES ($version, $name, now())', {
        version: migration.version,
        name: migration.name,
      });
    });
  }
}
