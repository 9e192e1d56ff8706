import type { SqlStatement } from '../../models/sql-statement.ts';

/**
 * Records a person's choice about team aggregates, by pseudonym: opted out (kept with the instant
 * of the choice) or back in (the record removed). It applies from the next release on.
 */
export function optOutStatements(person: string, optedOut: boolean, at: string): SqlStatement[] {
  return optedOut
    ? [{ sql: 'INSERT INTO privacy_opt_outs VALUES ($person, $at::TIMESTAMPTZ) ON CONFLICT (person) DO NOTHING', params: { person, at } }]
    : [{ sql: 'DELETE FROM privacy_opt_outs WHERE person = $person', params: { person } }];
}
