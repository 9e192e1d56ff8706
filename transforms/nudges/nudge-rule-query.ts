import type { NudgeRuleId, NudgeRuleSettings } from '../../models/nudge.ts';
import type { SqlStatement } from '../../models/sql-statement.ts';

/** One rule's SQL: the people it fires for in week `$week`, with the facts its message tells them. */
interface RuleSql {
  /** A boolean expression over the week's row (`w`, joined with `b`, the week's baselines, and `p`, earlier weeks). */
  fires: string;
  /** The facts, as `name := expression` pairs of a struct (integers). */
  facts: string;
}

/** Enough usual weeks behind the week to compare it with. */
const hasBaseline = 'b.baseline_weeks >= $min_baseline_weeks';

/** Weeks among the last `running` (this one included) for which `condition` held, as a correlated count over `p`. */
const weeksWhere = (running: number, condition: string) =>
  `(SELECT count(*) FROM nudge_weeks p WHERE p.person = w.person AND p.week_start > $week::DATE - ${7 * running}
     AND p.week_start <= $week::DATE AND ${condition}) = ${running}`;

/** The five default rules of privacy-and-signals.md, each comparing the week with the person's own usual. */
function ruleSql(settings: NudgeRuleSettings): Record<NudgeRuleId, RuleSql> {
  const a = settings.after_hours_load;
  const l = settings.long_days;
  const c = settings.back_to_back;
  const f = settings.low_focus;
  const n = settings.shrinking_network;
  return {
    after_hours_load: {
      fires: `${weeksWhere(
        a.weeks_running,
        `p.baseline_weeks >= $min_baseline_weeks AND p.off_hours_minutes > ${a.weekly_minutes}
         AND p.off_hours_minutes > p.off_hours_median * ${1 + a.over_usual}`,
      )} AND w.off_hours_minutes > b.off_hours_minutes_median + $unusual_mads * b.off_hours_minutes_mad`,
      facts: `minutes := w.off_hours_minutes, usual_minutes := round(coalesce(b.off_hours_minutes_median, 0))::INTEGER,
        evenings := w.evenings, working_days := w.working_days, weekend_days := w.weekend_days`,
    },
    long_days: {
      fires: weeksWhere(
        l.weeks_running,
        `p.baseline_weeks >= $min_baseline_weeks AND p.long_days >= ${l.days} AND p.long_days >= p.long_days_median + ${l.more_than_usual}`,
      ),
      facts: `long_days := w.long_days, working_days := w.working_days, usual_long_days := round(b.long_days_median)::INTEGER,
        mean_span_minutes := round(coalesce(w.mean_workday_span_minutes, 0))::INTEGER`,
    },
    back_to_back: {
      fires: `${hasBaseline} AND w.long_chains >= ${c.chains} AND w.long_chains >= b.long_chains_median + ${c.more_than_usual}
        AND w.long_chains > b.long_chains_median + $unusual_mads * b.long_chains_mad`,
      facts: `chains := w.long_chains, back_to_back_minutes := w.back_to_back_minutes, usual_chains := round(b.long_chains_median)::INTEGER`,
    },
    low_focus: {
      fires: `${hasBaseline} AND w.working_days_active >= ${f.min_working_days} AND w.focus_minutes < ${f.weekly_minutes}
        AND w.focus_minutes <= b.focus_minutes_median * ${1 - f.below_usual}
        AND w.focus_minutes < b.focus_minutes_median - $unusual_mads * b.focus_minutes_mad`,
      facts: `focus_minutes := w.focus_minutes, usual_focus_minutes := round(b.focus_minutes_median)::INTEGER,
        meeting_minutes := w.meeting_minutes`,
    },
    shrinking_network: {
      fires: weeksWhere(
        n.weeks_running,
        `p.baseline_weeks >= $min_baseline_weeks AND p.collaborators_median >= ${n.min_usual_collaborators}
         AND p.distinct_collaborators <= p.collaborators_median * ${1 - n.drop}`,
      ),
      facts: `collaborators := w.distinct_collaborators, usual_collaborators := round(b.distinct_collaborators_median)::INTEGER`,
    },
  };
}

/**
 * The query that evaluates every enabled nudge rule for the local week starting `week` (a
 * Monday): one row per (person, rule) that fires, with `facts` as JSON of integers. It reads
 * only the person's own weekly rows and baselines; which of these become nudges (cooldown,
 * snooze, stop) is the outbox's business.
 */
export function nudgeRuleQuery(settings: NudgeRuleSettings, week: string): SqlStatement {
  const rules = Object.entries(ruleSql(settings)).filter(([rule]) => settings[rule as NudgeRuleId].enabled);
  const weekRows = `day_counts AS (
      SELECT person, date_trunc('week', day)::DATE AS week_start,
        count(*) FILTER (WHERE is_working_day AND after_hours_minutes > 0) AS evenings,
        count(*) FILTER (WHERE is_working_day) AS working_days,
        count(*) FILTER (WHERE non_working_day_minutes > 0) AS weekend_days
      FROM person_day_features WHERE day >= $week::DATE - 56 AND day < $week::DATE + 7
      GROUP BY ALL
    ),
    nudge_weeks AS (
      SELECT f.person, f.week_start, f.distinct_collaborators, f.mean_workday_span_minutes,
        w.off_hours_minutes, w.long_days, w.long_chains, w.back_to_back_minutes, w.focus_minutes, w.meeting_minutes,
        w.working_days_active, b.baseline_weeks, b.distinct_collaborators_median AS collaborators_median, b.off_hours_minutes_median AS off_hours_median, b.long_days_median, b.off_hours_minutes_mad AS off_hours_mad,
        b.distinct_collaborators_mad AS collaborators_mad,
        coalesce(d.evenings, 0) AS evenings, coalesce(d.working_days, 0) AS working_days, coalesce(d.weekend_days, 0) AS weekend_days
      FROM person_week_features f
      JOIN person_week_wellbeing w USING (person, week_start)
      LEFT JOIN person_week_baselines b USING (person, week_start)
      LEFT JOIN day_counts d USING (person, week_start)
      WHERE f.week_start > $week::DATE - 56 AND f.week_start <= $week::DATE
    )`;
  const selects = rules.map(
    ([rule, sql]) => `SELECT w.person, '${rule}' AS rule, to_json(struct_pack(${sql.facts}))::VARCHAR AS facts
      FROM nudge_weeks w LEFT JOIN person_week_baselines b USING (person, week_start)
      WHERE w.week_start = $week::DATE AND (${sql.fires})`,
  );
  const body = selects.length === 0 ? `SELECT NULL::VARCHAR AS person, NULL::VARCHAR AS rule, NULL::VARCHAR AS facts WHERE false` : selects.join('\nUNION ALL\n');
  return {
    sql: `WITH ${weekRows}\nSELECT * FROM (${body}) ORDER BY person, rule`,
    params: { week, min_baseline_weeks: settings.min_baseline_weeks, unusual_mads: settings.unusual_mads },
  };
}
