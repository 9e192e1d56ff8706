import { z } from 'zod';
import { NudgeRuleId, type NudgeRuleSettings } from '../../models/nudge.ts';
import type { SqlStatement } from '../../models/sql-statement.ts';
import { nudgeRuleQuery } from './nudge-rule-query.ts';

/** At most one nudge per rule per person in this many days. */
const nudgeCooldownDays = 7;

/** SQL for the idempotency key of a nudge, from SQL for its person (pseudonym), rule and week (DATE as text). */
export function nudgeKeySql(person: string, rule: string, week: string): string {
  return `substr(sha256(${person} || ':' || ${rule} || ':' || ${week}), 1, 32)`;
}

/**
 * Plans the nudges of week `week` into `nudge_outbox`, in one statement that returns the rule of
 * each nudge it added: every rule that fires, for a person who has not stopped nudges nor
 * snoozed them past `at`, unless the same rule already has a nudge for that week, one on its way
 * (pending or sending), or one sent less than 7 days before `at`. The key of (person, rule, week)
 * is the delivery's idempotency key.
 */
export function planNudgesStatement(settings: NudgeRuleSettings, week: string, at: string): SqlStatement {
  const rules = nudgeRuleQuery(settings, week);
  return {
    sql: `INSERT INTO nudge_outbox (nudge_key, person, rule, week_start, facts, planned_at, status, attempts)
      SELECT ${nudgeKeySql('c.person', 'c.rule', '$week')}, c.person, c.rule, $week::DATE, c.facts,
        $at::TIMESTAMPTZ, 'pending', 0
      FROM (${rules.sql}) c
      WHERE NOT EXISTS (SELECT 1 FROM nudge_preferences n WHERE n.person = c.person AND (n.stopped OR n.snoozed_until > $at::TIMESTAMPTZ))
        AND NOT EXISTS (
          SELECT 1 FROM nudge_outbox o WHERE o.person = c.person AND o.rule = c.rule AND (
            o.week_start = $week::DATE OR o.status IN ('pending', 'sending')
            OR (o.status = 'sent' AND o.sent_at > $at::TIMESTAMPTZ - INTERVAL ${nudgeCooldownDays} DAY)))
      ON CONFLICT DO NOTHING
      RETURNING rule`,
    params: { ...rules.params, at },
  };
}

/** Pending nudges planned more than 7 days before `at` are stale: they are dropped, not sent late. */
export function expireStaleNudgesStatement(at: string): SqlStatement {
  return {
    sql: `UPDATE nudge_outbox SET status = 'expired'
      WHERE status = 'pending' AND planned_at < $at::TIMESTAMPTZ - INTERVAL ${nudgeCooldownDays} DAY`,
    params: { at },
  };
}

/** A nudge due for delivery, with what deciding about it needs: the person's working week and nudge preferences. */
export const DueNudge = z.object({
  nudgeKey: z.string(),
  person: z.string(),
  rule: NudgeRuleId,
  facts: z.string().transform((json) => z.record(z.string(), z.number()).parse(JSON.parse(json))),
  /** 'sending' when an earlier attempt may have reached the vendor: look it up before sending again. */
  status: z.enum(['pending', 'sending']),
  attempts: z.number().int(),
  timeZone: z.string(),
  workDays: z.array(z.number().int()),
  workStartMinute: z.number().int(),
  workEndMinute: z.number().int(),
  /** True when the person stopped nudges or snoozed them past now. */
  withheld: z.boolean(),
});
/** A nudge due for delivery. */
export type DueNudge = z.infer<typeof DueNudge>;

/** The nudges due at `at` (pending or left sending, and not waiting for a retry), oldest week first. */
export function dueNudgesQuery(at: string): SqlStatement {
  return {
    sql: `SELECT o.nudge_key AS "nudgeKey", o.person, o.rule, o.facts, o.status, o.attempts,
        p.time_zone AS "timeZone", p.work_days AS "workDays", p.work_start_minute AS "workStartMinute",
        p.work_end_minute AS "workEndMinute",
        coalesce(n.stopped OR n.snoozed_until > $at::TIMESTAMPTZ, false) AS withheld
      FROM nudge_outbox o
      JOIN people p ON p.pseudonym = o.person
      LEFT JOIN nudge_preferences n ON n.person = o.person
      WHERE o.status IN ('pending', 'sending') AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $at::TIMESTAMPTZ)
      ORDER BY o.week_start, o.nudge_key`,
    params: { at },
  };
}

/** The next moment a nudge waiting for a retry becomes due (NULL when none waits). */
export function nextRetryQuery(): SqlStatement {
  return { sql: `SELECT strftime(min(next_attempt_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS "nextAt" FROM nudge_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at IS NOT NULL` };
}

/** What happens to one nudge: an attempt starts, it was sent, it waits for a retry, or it ends without being sent. */
export type NudgeTransition =
  | { to: 'sending' }
  | { to: 'sent'; channel: string; at: string }
  | { to: 'retry'; at: string; keepSending: boolean }
  | { to: 'withheld' | 'undeliverable' };

/** The statement recording one nudge's transition in the outbox. */
export function nudgeTransitionStatement(nudgeKey: string, t: NudgeTransition): SqlStatement {
  switch (t.to) {
    case 'sending':
      return { sql: "UPDATE nudge_outbox SET status = 'sending', attempts = attempts + 1 WHERE nudge_key = $key", params: { key: nudgeKey } };
    case 'sent':
      return {
        sql: "UPDATE nudge_outbox SET status = 'sent', channel = $channel, sent_at = $at::TIMESTAMPTZ, next_attempt_at = NULL WHERE nudge_key = $key",
        params: { key: nudgeKey, channel: t.channel, at: t.at },
      };
    case 'retry':
      return {
        sql: `UPDATE nudge_outbox SET next_attempt_at = $at::TIMESTAMPTZ, status = ${t.keepSending ? 'status' : "'pending'"} WHERE nudge_key = $key`,
        params: { key: nudgeKey, at: t.at },
      };
    default:
      return { sql: 'UPDATE nudge_outbox SET status = $status WHERE nudge_key = $key', params: { key: nudgeKey, status: t.to } };
  }
}

/** Counts of the outbox by rule and status, for admins: never who. */
export function nudgeCountsQuery(): SqlStatement {
  return { sql: 'SELECT rule, status, count(*)::INTEGER AS nudges FROM nudge_outbox GROUP BY ALL ORDER BY ALL' };
}
