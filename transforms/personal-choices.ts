import type { SqlStatement } from '../models/sql-statement.ts';
import { snoozeDays } from './nudges/nudge-messages.ts';
import { optOutStatements } from './release/opt-out-statements.ts';
import type { SourceKind } from './release/released-metrics.ts';
import { dayMs } from '../models/time.ts';

/** A choice a person makes about their own data, from their page, a nudge's controls, or an admin acting on their request. */
export type PersonalChoice =
  | { kind: 'nudges'; value: 'on' | 'snooze' | 'stop' }
  | { kind: 'aggregates'; value: 'in' | 'out' }
  | { kind: 'source'; source: SourceKind; value: 'counted' | 'withheld' }
  | { kind: 'erasure' };

/** The choice as it is logged: `nudges:snooze`, `source:calendar:withheld`, `erasure:requested`. */
function choiceLabel(choice: PersonalChoice): string {
  switch (choice.kind) {
    case 'source':
      return `source:${choice.source}:${choice.value}`;
    case 'erasure':
      return 'erasure:requested';
    default:
      return `${choice.kind}:${choice.value}`;
  }
}

/**
 * Statements recording one person's choice at `at` (an ISO instant) and logging it (when, what)
 * in `personal_choices`, to run in one transaction. Nudge choices apply to the next delivery;
 * aggregate and source choices to the next release; an erasure request waits for an admin.
 */
export function personalChoiceStatements(person: string, choice: PersonalChoice, at: string): SqlStatement[] {
  const log: SqlStatement = {
    sql: 'INSERT INTO personal_choices VALUES ($person, $at::TIMESTAMPTZ, $choice)',
    params: { person, at, choice: choiceLabel(choice) },
  };
  const preference = (stopped: boolean, snoozedUntil: string | null): SqlStatement => ({
    sql: `INSERT INTO nudge_preferences VALUES ($person, $stopped, $until::TIMESTAMPTZ)
      ON CONFLICT (person) DO UPDATE SET stopped = excluded.stopped, snoozed_until = excluded.snoozed_until`,
    params: { person, stopped, until: snoozedUntil },
  });
  switch (choice.kind) {
    case 'nudges': {
      const until = choice.value === 'snooze' ? new Date(Date.parse(at) + snoozeDays * dayMs).toISOString() : null;
      return [preference(choice.value === 'stop', until), log];
    }
    case 'aggregates':
      return [...optOutStatements(person, choice.value === 'out', at), log];
    case 'source':
      return [
        choice.value === 'withheld'
          ? { sql: 'INSERT INTO aggregate_source_exclusions VALUES ($person, $kind) ON CONFLICT DO NOTHING', params: { person, kind: choice.source } }
          : { sql: 'DELETE FROM aggregate_source_exclusions WHERE person = $person AND source_kind = $kind', params: { person, kind: choice.source } },
        log,
      ];
    case 'erasure':
      return [{ sql: 'INSERT INTO erasure_requests VALUES ($person, $at::TIMESTAMPTZ) ON CONFLICT DO NOTHING', params: { person, at } }, log];
  }
}

/** Marks an action link's nonce used until its expiry; run with the action, so a replay finds it. */
export function useLinkNonceStatement(nonce: string, expiresAt: number): SqlStatement {
  return { sql: 'INSERT INTO used_link_nonces VALUES ($nonce, $expires::TIMESTAMPTZ)', params: { nonce, expires: new Date(expiresAt).toISOString() } };
}
