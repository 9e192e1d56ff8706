import type { SqlStatement } from '../../models/sql-statement.ts';
import { eventKindsOf, type ReleasedMetric } from './released-metrics.ts';

/**
 * The queries a release reads from the private store, for the weeks in [fromWeek, toWeek):
 * - pendingWeeks: every week before toWeek (whatever fromWeek) with data and not released yet, oldest first;
 * - snapshotWeeks: the weeks whose organisation is already recorded in the weekly history;
 * - directoryTeams, directoryMemberships, directorySegments: the directories' current organisation, merged over sources;
 * - groups, members: each week's recorded groups and everyone counted in each (as lists);
 * - values: each week's per-person values of the metrics, without anyone who opted out, and NULL where the
 *   person kept a source the metric draws on out of team aggregates;
 * - carried: each person's latest value of each metric before fromWeek, with the same people and sources left out;
 * - history: every contributor set released before, per metric and group, as it changed, oldest first;
 * - firstEvents: per kind of source with events, when its first stored event starts (ms since the epoch).
 * Weeks come back as 'YYYY-MM-DD'.
 */
export function releaseInputQueries({ fromWeek, toWeek, metrics }: { fromWeek: string; toWeek: string; metrics: readonly ReleasedMetric[] }) {
  const weeks = { fromWeek, toWeek };
  const inWeeks = 'week_start >= $fromWeek::DATE AND week_start < $toWeek::DATE';
  const week = "strftime(week_start, '%Y-%m-%d') AS week";
  // A person who kept a kind of source out of team aggregates counts in no metric drawing on it.
  const columns = metrics.map((m) => ({
    column: m.column,
    sql: `CASE WHEN list_has_any(x.excluded, [${m.sources.map((k) => `'${k}'`).join(', ')}]) THEN NULL ELSE ${m.column}::DOUBLE END`,
  }));
  const counted = `person_week_features f LEFT JOIN person_week_wellbeing USING (person, week_start)
        LEFT JOIN (SELECT person, list(source_kind) AS excluded FROM aggregate_source_exclusions GROUP BY person) x USING (person)
        WHERE NOT EXISTS (SELECT 1 FROM privacy_opt_outs o WHERE o.person = f.person)`;
  return {
    pendingWeeks: {
      sql: `SELECT DISTINCT ${week} FROM person_week_features f
        WHERE week_start < $toWeek::DATE AND NOT EXISTS (SELECT 1 FROM released_weeks r WHERE r.week_start = f.week_start) ORDER BY week`,
      params: { toWeek },
    },
    snapshotWeeks: { sql: `SELECT DISTINCT ${week} FROM org_week_groups WHERE ${inWeeks}`, params: weeks },
    directoryTeams: { sql: 'SELECT team, any_value(team_name) AS "teamName", any_value(parent) AS parent FROM teams GROUP BY team ORDER BY team' },
    directoryMemberships: { sql: 'SELECT DISTINCT team, team_name AS "teamName", person FROM team_memberships ORDER BY ALL' },
    directorySegments: { sql: 'SELECT DISTINCT dimension, value, person FROM segment_memberships ORDER BY ALL' },
    groups: { sql: `SELECT ${week}, group_id AS "group", kind, name, parent, dimension FROM org_week_groups WHERE ${inWeeks} ORDER BY ALL`, params: weeks },
    members: {
      sql: `SELECT ${week}, group_id AS "group", list(person ORDER BY person) AS persons FROM org_week_members WHERE ${inWeeks} GROUP BY ALL`,
      params: weeks,
    },
    values: {
      sql: `SELECT ${week}, person, ${columns.map((c) => `${c.sql} AS ${c.column}`).join(', ')} FROM ${counted} AND ${inWeeks}`,
      params: weeks,
    },
    carried: {
      sql: `SELECT person, ${columns.map((c) => `arg_max(${c.sql}, week_start) FILTER (WHERE ${c.sql} IS NOT NULL) AS ${c.column}`).join(', ')}
        FROM ${counted} AND week_start < $fromWeek::DATE GROUP BY person`,
      params: { fromWeek },
    },
    history: {
      sql: `SELECT metric, group_id AS "group", ${week}, contributors FROM released_sets ORDER BY week_start, group_id, metric`,
    },
    firstEvents: {
      sql: `SELECT CASE ${Object.entries(eventKindsOf)
        .map(([sourceKind, kinds]) => `WHEN kind IN (${kinds.map((k) => `'${k}'`).join(', ')}) THEN '${sourceKind}'`)
        .join(' ')} END AS "sourceKind", epoch_ms(min(start_at))::DOUBLE AS "firstMs"
        FROM events GROUP BY ALL ORDER BY ALL`,
    },
  } satisfies Record<string, SqlStatement>;
}
