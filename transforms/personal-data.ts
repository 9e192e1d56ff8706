import type { SqlStatement } from '../models/sql-statement.ts';

/** How many weeks a person's page shows. */
export const pageWeeks = 12;

/**
 * The queries behind one person's own page, each about that person alone (never a colleague's
 * value or pseudonym): `weeks`, their last 12 complete weeks with their usual (baseline medians);
 * `nudges`, the nudges they were sent; `status`, their current choices; `choices`, the log of them.
 */
export function personalPageQueries(person: string): Record<'weeks' | 'nudges' | 'status' | 'choices', SqlStatement> {
  const params = { person };
  return {
    weeks: {
      sql: `SELECT strftime(week_start, '%Y-%m-%d') AS week, w.off_hours_minutes AS "offHours", w.meeting_minutes AS meetings,
          w.back_to_back_minutes AS "backToBack", w.long_chains AS "longChains", w.focus_minutes AS focus,
          round(f.mean_workday_span_minutes)::INTEGER AS span, w.long_days AS "longDays", f.distinct_collaborators AS collaborators,
          w.network_size AS network, b.baseline_weeks AS "usualWeeks", b.off_hours_minutes_median AS "usualOffHours",
          b.long_chains_median AS "usualLongChains", b.focus_minutes_median AS "usualFocus",
          b.distinct_collaborators_median AS "usualCollaborators", b.long_days_median AS "usualLongDays"
        FROM person_week_features f JOIN person_week_wellbeing w USING (person, week_start)
        LEFT JOIN person_week_baselines b USING (person, week_start)
        WHERE person = $person AND week_start + 6 <= (SELECT max(day) FROM person_day_features)
        ORDER BY week_start DESC LIMIT ${pageWeeks}`,
      params,
    },
    nudges: {
      sql: `SELECT rule, strftime(week_start, '%Y-%m-%d') AS week, strftime(sent_at, '%Y-%m-%d') AS "sentOn", facts
        FROM nudge_outbox WHERE person = $person AND status = 'sent' ORDER BY sent_at DESC`,
      params,
    },
    status: {
      sql: `SELECT coalesce((SELECT stopped FROM nudge_preferences WHERE person = $person), false) AS stopped,
          (SELECT strftime(snoozed_until, '%Y-%m-%dT%H:%M:%SZ') FROM nudge_preferences WHERE person = $person) AS "snoozedUntil",
          EXISTS (SELECT 1 FROM privacy_opt_outs WHERE person = $person) AS "optedOut",
          coalesce((SELECT list(source_kind ORDER BY source_kind) FROM aggregate_source_exclusions WHERE person = $person), []) AS withheld,
          EXISTS (SELECT 1 FROM erasure_requests WHERE person = $person) AS "erasureRequested"`,
      params,
    },
    choices: {
      sql: `SELECT strftime(chosen_at, '%Y-%m-%dT%H:%M:%SZ') AS "chosenAt", choice FROM personal_choices
        WHERE person = $person ORDER BY chosen_at DESC, choice LIMIT 50`,
      params,
    },
  };
}

/**
 * Everything the private store keeps about one person, table by table, for `attune export-me` and
 * the page's download: their own rows only. Where a row names colleagues (an event's
 * counterparts, a day's collaborations) only their number is given, never who.
 */
export function personalExportQueries(person: string): Record<string, SqlStatement> {
  const params = { person };
  const own = (table: string, order: string) => ({ sql: `SELECT * EXCLUDE (person) FROM ${table} WHERE person = $person ORDER BY ${order}`, params });
  return {
    person: {
      sql: `SELECT time_zone, work_days, work_start_minute, work_end_minute, time_zone_known, working_hours_known
        FROM people WHERE pseudonym = $person`,
      params,
    },
    events: {
      sql: `SELECT source, kind, start_at, end_at, len(counterparts) AS counterparts, is_thread, size, response, online, state
        FROM events WHERE actor = $person ORDER BY start_at, source, kind`,
      params,
    },
    day_features: own('person_day_features', 'day'),
    day_collaborations: {
      sql: `SELECT day, count(*) AS people, sum(interactions) AS interactions, sum(meaningful_interactions) AS meaningful_interactions
        FROM person_day_collaborations WHERE person = $person GROUP BY day ORDER BY day`,
      params,
    },
    week_features: own('person_week_features', 'week_start'),
    week_wellbeing: own('person_week_wellbeing', 'week_start'),
    week_baselines: own('person_week_baselines', 'week_start'),
    nudges: {
      sql: `SELECT rule, week_start, facts, status, planned_at, sent_at, channel FROM nudge_outbox WHERE person = $person ORDER BY planned_at, rule`,
      params,
    },
    nudge_preferences: own('nudge_preferences', 'stopped'),
    aggregate_opt_out: own('privacy_opt_outs', 'opted_out_at'),
    aggregate_source_exclusions: own('aggregate_source_exclusions', 'source_kind'),
    choices: own('personal_choices', 'chosen_at, choice'),
    erasure_request: own('erasure_requests', 'requested_at'),
  };
}
