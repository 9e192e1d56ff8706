import type { SqlStatement } from '../models/sql-statement.ts';
import { erasedTokenSql, tokenNamesSql } from './release/contributor-token.ts';

/** The kinds of thing an erasure removes or changes, as its report counts them (never what they held). */
export const erasureKinds = {
  events: 'their events',
  participations: "their places in colleagues' events (meetings, threads, issues)",
  person: 'person, time zone and working-hours records',
  memberships: 'team and segment memberships',
  features: 'feature and baseline rows (theirs, and colleagues’ collaborations with them)',
  nudges: 'nudges',
  choices: 'choices and nudge preferences',
  erasureRequests: 'erasure requests',
  streams: 'sync streams of their own (calendar, chat)',
  quarantine: 'quarantined records of those streams',
  vault: 'identity vault entries',
  releasedSets: 'released contributor sets, their place given to a tombstone',
} as const;

/** One kind of thing an erasure counts. */
export type ErasureKind = keyof typeof erasureKinds;

/** One statement of an erasure and what its changed rows count as (null: bookkeeping, not counted). */
export interface ErasureStep {
  kind: ErasureKind | null;
  statement: SqlStatement;
}

/** The prefix of every tombstone token standing in an erased person's place in `released_sets`. */
export const tombstonePrefix = 'erased:';

/**
 * The statements, to run in one transaction, that erase one person (`person`, their pseudonym)
 * from every table of the private store:
 * - `event_changes` gets every event they were in, with their pseudonym replaced by `tombstone`
 *   (pending entries too), so the next incremental feature recompute rebuilds the days of every
 *   colleague whose events or collaborator counts change, and the log holds no link to them;
 * - their own events are removed and their pseudonym is taken out of colleagues' events;
 * - their people, zone, membership, feature, nudge, choice, request, stream, quarantine and vault
 *   rows are removed (streams and quarantined records by the stream named after them,
 *   `calendar:<pseudonym>`, `chat:<pseudonym>`), and colleagues' collaboration rows with them;
 * - `released_sets` keep their size: the pseudonym is replaced by `tombstone` (in a token of a
 *   borrower of theirs too, see contributor-token.ts), so the release
 *   audit still sees the sets as they were released and takes the erasure for a leaver without a
 *   value (deleting it would make a set look unchanged, and an unchanged set is not audited: the
 *   next cell's difference from the last would be the erased person's value).
 * `tombstone` must be random (see tombstonePrefix), the same in all of one erasure's rows.
 */
export function erasureStatements(person: string, tombstone: string): ErasureStep[] {
  // DuckDB refuses a parameter a statement does not use: each statement gets the ones it names.
  const paramsOf = (sql: string): Record<string, string> => (sql.includes('$tombstone') ? { person, tombstone } : { person });
  const swap = (column: string) => `CASE WHEN ${column} = $person THEN $tombstone ELSE ${column} END`;
  const swapped = (list: string) => `list_transform(${list}, lambda c: ${swap('c')})`;
  const involves = 'actor = $person OR list_contains(counterparts, $person)';
  const step = (kind: ErasureKind | null, sql: string): ErasureStep => ({ kind, statement: { sql, params: paramsOf(sql) } });
  const byPerson = (kind: ErasureKind, table: string, column = 'person') => step(kind, `DELETE FROM ${table} WHERE ${column} = $person`);
  return [
    step(null, `UPDATE event_changes SET actor = ${swap('actor')}, counterparts = ${swapped('counterparts')} WHERE ${involves}`),
    step(
      null,
      `INSERT INTO event_changes
       SELECT kind, ${swap('actor')}, ${swapped('counterparts')}, start_at, end_at, conversation, is_thread FROM events WHERE ${involves}`,
    ),
    step('events', 'DELETE FROM events WHERE actor = $person'),
    step('participations', 'UPDATE events SET counterparts = list_filter(counterparts, lambda c: c <> $person) WHERE list_contains(counterparts, $person)'),
    byPerson('person', 'people', 'pseudonym'),
    byPerson('person', 'person_time_zones', 'pseudonym'),
    byPerson('person', 'feature_people', 'pseudonym'),
    byPerson('person', 'feature_time_zones', 'pseudonym'),
    byPerson('memberships', 'team_memberships'),
    byPerson('memberships', 'segment_memberships'),
    byPerson('memberships', 'org_week_members'),
    byPerson('features', 'person_day_features'),
    step('features', 'DELETE FROM person_day_collaborations WHERE person = $person OR other = $person'),
    byPerson('features', 'person_day_replies'),
    byPerson('features', 'person_week_features'),
    byPerson('features', 'person_week_wellbeing'),
    byPerson('features', 'person_week_baselines'),
    byPerson('nudges', 'nudge_outbox'),
    byPerson('choices', 'nudge_preferences'),
    byPerson('choices', 'privacy_opt_outs'),
    byPerson('choices', 'aggregate_source_exclusions'),
    byPerson('choices', 'personal_choices'),
    byPerson('erasureRequests', 'erasure_requests'),
    step('streams', 'DELETE FROM sync_state WHERE contains(stream, $person)'),
    step('quarantine', 'DELETE FROM quarantine WHERE contains(stream, $person) OR contains(coalesce(record_ref, \'\'), $person)'),
    byPerson('vault', 'identity_vault', 'pseudonym'),
    step(
      'releasedSets',
      `UPDATE released_sets SET contributors = list_transform(contributors, lambda c: ${erasedTokenSql('c')})
       WHERE len(list_filter(contributors, lambda c: ${tokenNamesSql('c')})) > 0`,
    ),
  ];
}

/** The people who asked for erasure from their own page, oldest request first (pseudonyms: for the store side only, never printed). */
export function erasureRequestsQuery(): SqlStatement {
  return { sql: 'SELECT person FROM erasure_requests ORDER BY requested_at, person' };
}
