import type { SqlStatement } from '../models/sql-statement.ts';
import { keyedTables, type KeyedColumnKind } from './keyed-columns.ts';
import { nudgeKeySql } from './nudges/nudge-outbox.ts';

/** One keyed value under the old secret and the same value under the new one (a pseudonym, a team key, a team name's `(<first six>)`). */
export interface RotatedValue {
  old: string;
  new: string;
}

/** A vault entry sealed under the new vault key, for its new pseudonym. */
export interface ResealedEntry {
  pseudonym: string;
  /** `iv ‖ tag ‖ ciphertext`, base64. */
  sealed: string;
}

/** What a key rotation rewrites, as its report counts it (never what a row held). */
export const rotationKinds = {
  rewritten: 'rows re-keyed (pseudonyms, team ids, nudge keys)',
  forgotten: 'raw rows forgotten, re-read by the next run (events, change log, sync cursors, quarantine)',
  vault: 'identity vault entries re-sealed',
  releases: 'releases to publish again with re-keyed team ids',
} as const;

/** One kind of thing a key rotation counts. */
export type RotationKind = keyof typeof rotationKinds;

/** One statement of a key rotation and what its changed rows count as (null: bookkeeping). */
export interface RotationStep {
  kind: RotationKind | null;
  statement: SqlStatement;
}

/** The pattern of every keyed value inside a text: a pseudonym or team key (32 hex), or a team name's tag `(<six hex>)`. */
const keyedValuePattern = String.raw`[0-9a-f]{32}|\([0-9a-f]{6}\)`;

/** SQL for `value` with every keyed value inside replaced by its rotated one (the `rotation` map variable). */
function rotatedTextSql(value: string): string {
  return `list_reduce(regexp_extract_all(${value}, '${keyedValuePattern}'), lambda acc, k: replace(acc, k, coalesce(getvariable('rotation')[k], k)), ${value})`;
}

/** SQL for the new value of a column of this kind, or null for a kind rewritten by its own statement. */
function rotatedColumnSql(column: string, kind: KeyedColumnKind): string | null {
  if (kind === 'person') return `coalesce(getvariable('rotation')[${column}], ${column})`;
  // Lists are kept sorted (as released sets are written), so a rotated list equals one written under the new key.
  if (kind === 'people') return `list_sort(list_transform(${column}, lambda p: ${rotatedTextSql('p')}))`;
  if (kind === 'nudgeKey') return null;
  return rotatedTextSql(column);
}

/**
 * The statements, to run in one transaction on the private store, that move it from one
 * installation secret to another (see keyedTables for what each table holds):
 * - every keyed value of every table that is not raw is replaced by its rotated value (`values`,
 *   from the vault's identities: pseudonyms, manager team keys and their names' tags), in
 *   pseudonym columns, lists (contributor tokens included), stream ids and group ids alike; nudge
 *   keys are recomputed from the new pseudonym;
 * - raw tables (events, their change log, sync cursors, quarantine) are emptied: their rows are
 *   keyed by hashes of source ids that only a new read can recompute, so the next run reads every
 *   stream again as on a first run, under the new key;
 * - the vault is replaced by `vault` (the same identities sealed under the new vault key);
 * - every release is marked unpublished, so publishing writes its cells with the new team ids;
 * - the fingerprint becomes `fingerprint`, the new secret's.
 * A value absent from `values` (none is expected outside the raw tables) is left as it was.
 */
export function keyRotationStatements(values: readonly RotatedValue[], vault: readonly ResealedEntry[], fingerprint: string): RotationStep[] {
  const step = (kind: RotationKind | null, sql: string, params?: SqlStatement['params']): RotationStep => ({ kind, statement: { sql, params } });
  const rewrites = Object.entries(keyedTables).flatMap(([table, { columns, raw }]) => {
    if (raw) return [step('forgotten', `DELETE FROM ${table}`)];
    const sets = Object.entries(columns).flatMap(([column, kind]) => {
      const sql = rotatedColumnSql(column, kind);
      return sql === null ? [] : [`${column} = ${sql}`];
    });
    return table === 'identity_vault' ? [] : [step('rewritten', `UPDATE ${table} SET ${sets.join(', ')}`)];
  });
  return [
    step(
      null,
      `SET VARIABLE rotation = (SELECT map(list(old), list(new)) FROM
        (SELECT unnest(from_json($values, '[{"old":"VARCHAR","new":"VARCHAR"}]'), recursive := true)))`,
      { values: JSON.stringify(values) },
    ),
    ...rewrites,
    step(null, `UPDATE nudge_outbox SET nudge_key = ${nudgeKeySql('person', 'rule', 'strftime(week_start, \'%Y-%m-%d\')')}`),
    step(null, 'DELETE FROM identity_vault'),
    step(
      'vault',
      `INSERT INTO identity_vault SELECT pseudonym, from_base64(sealed), now() FROM
        (SELECT unnest(from_json($vault, '[{"pseudonym":"VARCHAR","sealed":"VARCHAR"}]'), recursive := true))`,
      { vault: JSON.stringify(vault) },
    ),
    step('releases', 'UPDATE release_outbox SET published_at = NULL'),
    step(null, 'DELETE FROM installation_fingerprint'),
    step(null, 'INSERT INTO installation_fingerprint VALUES ($fingerprint, current_timestamp)', { fingerprint }),
    step(null, 'RESET VARIABLE rotation'),
  ];
}
