import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { blobValue, listValue } from '@duckdb/node-api';
import { TransientError } from '../models/errors.ts';
import type { Source } from '../models/source.ts';
import { timeZonePrecedence } from '../models/time-zone-precedence.ts';
import type { SqlStatement } from '../models/sql-statement.ts';
import { analyticsMigrations } from './analytics-migrations.ts';
import { applyMigrations } from './apply-migrations.ts';
import { connectDuckDb, damagedFileError, defaultDuckDbResources, type DuckDbResources } from './connect-duckdb.ts';
import { inTransaction } from './in-transaction.ts';
import { loadStagedParts } from './load-staged-parts.ts';
import type { PrivateStore } from './private-store.ts';
import { privateMigrations } from './private-migrations.ts';
import { sqlStringLiteral } from './sql-string-literal.ts';
import { stageRows } from './stage-rows.ts';

/** Keeps the last of several items with the same key, so one statement never sees a key twice. */
function lastByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/** Runs each statement with its named parameters. */
async function runAll(connection: DuckDBConnection, statements: readonly SqlStatement[]): Promise<void> {
  for (const { sql, params } of statements) await connection.run(sql, params);
}

/**
 * DuckDB's lock conflict on the private store, said for an admin: which process holds the data
 * directory and what to do (the word "lock" stays in it, for callers that wait and try again).
 * Any other error is returned as it was.
 */
function inUseError(dataDir: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (!/Could not set lock/i.test(message)) return error;
  const holder = /PID (\d+)/.exec(message)?.[1];
  return new TransientError(
    `the data directory ${dataDir} is locked by another attune process${holder ? ` (PID ${holder})` : ''}: a run, a worker or attune serve. ` +
      'Wait for it to finish (or stop it), or point ATTUNE_DATA_DIR at another folder',
  );
}

/**
 * Opens (creating it if needed) the private store at `<dataDir>/attune.duckdb` and brings its
 * schema up to date. The process that opens it is its only writer.
 */
export async function openPrivateStore(dataDir: string, resources: DuckDbResources = defaultDuckDbResources): Promise<PrivateStore> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'attune.duckdb');
  // Spills (large recomputes past the memory limit) stay in the data directory, with the data they hold.
  const db = await connectDuckDb(path, {}, { spillDirectory: join(dataDir, 'duckdb-spill'), ...resources }).catch((error: unknown) => {
    throw inUseError(dataDir, error);
  });
  const { connection } = db;
  // A damaged block may only be found when a later statement reads it: said the same way as at the open.
  const explainingDamage = <T>(work: () => Promise<T>) => async (): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw damagedFileError(path, 'ATTUNE_DATA_DIR', error);
    }
  };
  try {
    await explainingDamage(() => applyMigrations(connection, privateMigrations))();
  } catch (error) {
    db.close();
    throw error;
  }
  const [[mainCatalog]] = (await connection.runAndReadAll('SELECT current_database()')).getRowsJson() as [[string]];

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs calls one after another on the single connection. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(explainingDamage(work), explainingDamage(work));
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    upsertPeople: (people, source) =>
      serially(() =>
        inTransaction(connection, async () => {
          const rows = lastByKey(people, (p) => p.pseudonym).map((p) => [
            p.pseudonym,
            p.timeZone,
            listValue(p.workDays),
            p.workStartMinute,
            p.workEndMinute,
            p.identityResolved,
            p.timeZoneKnown,
            p.workingHoursKnown,
          ]);
          const columns = [
            'pseudonym',
            'time_zone',
            'work_days',
            'work_start_minute',
            'work_end_minute',
            'identity_resolved',
            'time_zone_known',
            'working_hours_known',
          ];
          const stage = await stageRows(connection, 'people', columns, rows);
          // A person seen by several sources keeps the best each one knows: a real time zone over
          // the UTC stand-in and, among real ones, the highest source's (see timeZonePrecedence),
          // their own working hours over the default, a resolved identity.
          const zoneRank = (known: string, zoneSource: string) =>
            `CASE WHEN NOT ${known} THEN 0 ELSE coalesce(list_position($precedence, ${zoneSource}), 0) END`;
          const takesZone = `${zoneRank('excluded.time_zone_known', 'excluded.time_zone_source')} >= ${zoneRank('p.time_zone_known', 'p.time_zone_source')}`;
          await connection.run(
            `CREATE OR REPLACE TEMP TABLE zones_before AS
             SELECT pseudonym, time_zone, time_zone_source, time_zone_known FROM people WHERE pseudonym IN (SELECT pseudonym FROM ${stage})`,
          );
          await connection.run(
            `INSERT INTO people AS p (${columns.join(', ')}, updated_at, time_zone_source)
             SELECT *, now(), CASE WHEN time_zone_known THEN $source END FROM ${stage}
             ON CONFLICT (pseudonym) DO UPDATE SET
               time_zone = CASE WHEN ${takesZone} THEN excluded.time_zone ELSE p.time_zone END,
               time_zone_source = CASE WHEN ${takesZone} THEN excluded.time_zone_source ELSE p.time_zone_source END,
               time_zone_known = excluded.time_zone_known OR p.time_zone_known,
               work_days = CASE WHEN excluded.working_hours_known OR NOT p.working_hours_known THEN excluded.work_days ELSE p.work_days END,
               work_start_minute = CASE WHEN excluded.working_hours_known OR NOT p.working_hours_known
                 THEN excluded.work_start_minute ELSE p.work_start_minute END,
               work_end_minute = CASE WHEN excluded.working_hours_known OR NOT p.working_hours_known
                 THEN excluded.work_end_minute ELSE p.work_end_minute END,
               working_hours_known = excluded.working_hours_known OR p.working_hours_known,
               identity_resolved = excluded.identity_resolved OR p.identity_resolved,
               updated_at = excluded.updated_at`,
            { source, precedence: listValue([...timeZonePrecedence]) },
          );
          // The zone history: the source that set a known zone reporting another is a move, from
          // now on; a first zone, or one replacing a stand-in or a lower source's, is a correction
          // and holds for the person's whole past.
          await connection.run(
            `CREATE OR REPLACE TEMP TABLE zone_changes AS
             SELECT p.pseudonym, p.time_zone,
               coalesce(b.time_zone_known AND b.time_zone_source IS NOT DISTINCT FROM p.time_zone_source, false) AS is_move
             FROM people p LEFT JOIN zones_before b USING (pseudonym)
             WHERE p.pseudonym IN (SELECT pseudonym FROM ${stage}) AND (b.pseudonym IS NULL OR p.time_zone IS DISTINCT FROM b.time_zone)`,
          );
          await connection.run('DELETE FROM person_time_zones WHERE pseudonym IN (SELECT pseudonym FROM zone_changes WHERE NOT is_move)');
          await connection.run(
            `INSERT INTO person_time_zones
             SELECT pseudonym, CASE WHEN is_move THEN now() ELSE TIMESTAMPTZ '1970-01-01 00:00:00+00' END, time_zone FROM zone_changes
             ON CONFLICT (pseudonym, effective_from) DO UPDATE SET time_zone = excluded.time_zone`,
          );
          await connection.run(`DROP TABLE ${stage}`);
          await connection.run('DROP TABLE zones_before');
          await connection.run('DROP TABLE zone_changes');
        }),
      ),

    replaceDirectory: (source: Source, { teams, memberships, segments }) =>
      serially(() =>
        inTransaction(connection, async () => {
          const foreign = [...teams, ...memberships, ...segments].find((item) => item.source !== source);
          if (foreign) throw new Error(`a ${foreign.source} directory entry was passed to replace the ${source} directory`);
          const replace = async (table: string, columns: string[], rows: DuckDBValue[][], insert: (stage: string) => string) => {
            await connection.run(`DELETE FROM ${table} WHERE source = $source`, { source });
            const stage = await stageRows(connection, table, columns, rows);
            await connection.run(insert(stage));
            await connection.run(`DROP TABLE ${stage}`);
          };
          await replace(
            'teams',
            ['source', 'team', 'team_name', 'parent'],
            teams.map((t) => [t.source, t.team, t.teamName, t.parent]),
            (stage) => `INSERT INTO teams SELECT source, team, any_value(team_name), any_value(parent) FROM ${stage} GROUP BY source, team`,
          );
          await replace(
            'team_memberships',
            ['source', 'team', 'team_name', 'person'],
            memberships.map((m) => [m.source, m.team, m.teamName, m.person]),
            (stage) => `INSERT INTO team_memberships SELECT source, team, any_value(team_name), person FROM ${stage} GROUP BY source, team, person`,
          );
          await replace(
            'segment_memberships',
            ['source', 'dimension', 'value', 'person'],
            segments.map((m) => [m.source, m.dimension, m.value, m.person]),
            (stage) => `INSERT INTO segment_memberships SELECT DISTINCT * FROM ${stage}`,
          );
        }),
      ),

    upsertVaultEntries: (entries) =>
      serially(() =>
        inTransaction(connection, async () => {
          const rows = lastByKey(entries, (e) => e.pseudonym).map((e) => [e.pseudonym, blobValue(e.sealed)]);
          const stage = await stageRows(connection, 'identity_vault', ['pseudonym', 'sealed'], rows);
          await connection.run(`INSERT OR REPLACE INTO identity_vault SELECT *, now() FROM ${stage}`);
          await connection.run(`DROP TABLE ${stage}`);
        }),
      ),

    readVaultEntries: (pseudonyms) =>
      serially(async () => {
        if (pseudonyms.length === 0) return [];
        const result = await connection.runAndReadAll(
          'SELECT pseudonym, sealed FROM identity_vault WHERE list_contains($pseudonyms, pseudonym)',
          { pseudonyms: listValue([...pseudonyms]) },
        );
        return result.getRows().map(([pseudonym, sealed]) => ({
          pseudonym: String(pseudonym),
          sealed: new Uint8Array((sealed as { bytes: Uint8Array }).bytes),
        }));
      }),

    readCursor: (source, stream) =>
      serially(async () => {
        const result = await connection.runAndReadAll(
          'SELECT position FROM sync_state WHERE source = $source AND stream = $stream',
          { source, stream },
        );
        const [row] = result.getRowsJson();
        return row ? (row[0] as string | null) : null;
      }),

    loadParts: (source, parts) => serially(() => inTransaction(connection, () => loadStagedParts(connection, source, parts))),

    run: (statements) => serially(() => inTransaction(connection, () => runAll(connection, statements))),

    runSteps: ({ steps, cleanup }) =>
      serially(async () => {
        try {
          for (const step of steps) await inTransaction(connection, () => runAll(connection, step));
        } catch (error) {
          // The step's error is the one to tell, whether or not the cleanup works after it.
          await runAll(connection, cleanup).catch(() => undefined);
          throw error;
        }
        await runAll(connection, cleanup);
      }),

    runCounted: (statements) =>
      serially(() =>
        inTransaction(connection, async () => {
          const changed: number[] = [];
          for (const { sql, params } of statements) changed.push((await connection.run(sql, params)).rowsChanged);
          return changed;
        }),
      ),

    checkpoint: () => serially(async () => void (await connection.run('CHECKPOINT'))),

    runWithAnalytics: (analyticsPath, statements, readBack) =>
      serially(async () => {
        // Written to a copy that then replaces the file in one rename: whoever has the analytics store
        // open (an `attune query`, a notebook) keeps reading the snapshot they opened and never blocks this.
        await mkdir(dirname(analyticsPath), { recursive: true });
        const next = `${analyticsPath}.next`;
        await rm(next, { force: true });
        await rm(`${next}.wal`, { force: true });
        if (existsSync(analyticsPath)) await copyFile(analyticsPath, next);
        if (existsSync(`${analyticsPath}.wal`)) await copyFile(`${analyticsPath}.wal`, `${next}.wal`);
        await connection.run(`ATTACH ${sqlStringLiteral(next)} AS analytics`);
        let rows: Record<string, unknown>[];
        try {
          await connection.run('USE analytics');
          try {
            await applyMigrations(connection, analyticsMigrations);
          } finally {
            await connection.run(`USE "${mainCatalog}"`);
          }
          await inTransaction(connection, () => runAll(connection, statements));
          rows = readBack ? ((await connection.runAndReadAll(readBack.sql, readBack.params)).getRowObjectsJson() as Record<string, unknown>[]) : [];
          await connection.run('CHECKPOINT analytics');
        } finally {
          await connection.run('DETACH analytics');
        }
        await rm(`${analyticsPath}.wal`, { force: true });
        await rename(next, analyticsPath);
        return rows;
      }),

    select: ({ sql, params }) =>
      serially(async () => (await connection.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[]),

    counts: () =>
      serially(async () => {
        const result = await connection.runAndReadAll(`SELECT
          (SELECT count(*) FROM people),
          (SELECT count(*) FROM events),
          (SELECT count(*) FROM person_day_features),
          (SELECT count(*) FROM person_week_features),
          (SELECT count(*) FROM quarantine)`);
        const [people = 0, events = 0, featureRows = 0, weekFeatureRows = 0, quarantined = 0] = (result.getRowsJson()[0] ?? []).map(Number);
        return { people, events, featureRows, weekFeatureRows, quarantined };
      }),

    close: ({ compact = false } = {}) =>
      serially(async () => {
        if (compact) {
          // Deleted rows can linger in the file's freed blocks after a CHECKPOINT: the live rows are
          // copied into a new file that is renamed over this one while it is still open, so the lock
          // is held throughout and nobody opens the old file in between.
          const next = `${path}.compact`;
          await rm(next, { force: true });
          await connection.run(`ATTACH ${sqlStringLiteral(next)} AS compact`);
          try {
            await connection.run(`COPY FROM DATABASE "${mainCatalog}" TO compact`);
          } finally {
            await connection.run('DETACH compact');
          }
          await connection.run('CHECKPOINT');
          await rm(`${path}.wal`, { force: true });
          await rename(next, path);
        }
        db.close();
      }),
  };
}
