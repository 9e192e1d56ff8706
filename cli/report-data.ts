import type { AnalyticsStore } from '../store/analytics-store.ts';
import { releasedMetrics } from '../transforms/release/released-metrics.ts';

/** One metric of one group over the report's weeks (index i is `weeks[i]`): numbers only where a cell was released. */
export interface ReportSeries {
  /** Whether the week's cell was suppressed (its numbers are then null, never zero). */
  suppressed: boolean[];
  contributors: (number | null)[];
  mean: (number | null)[];
  median: (number | null)[];
  p25: (number | null)[];
  p75: (number | null)[];
}

/** A released group (a team or a segment category) with a label no other group of the report has. */
export interface ReportGroup {
  /** The group's id in the analytics store (`team`). */
  id: string;
  label: string;
  kind: 'team' | 'segment';
  /** The label of its parent team, null at the top or for a segment. */
  parentLabel: string | null;
  /** Its series by metric. */
  series: Record<string, ReportSeries>;
}

/** What the release ledger says about the releases behind the report (counts and settings, never who). */
export interface ReportLedger {
  releases: number;
  latestReleasedAt: string;
  k: number;
  epsilon: number | null;
  rules: string;
  cellsReleased: number;
  cellsSuppressed: number;
}

/** Everything `attune report` shows, read from the analytics store alone. */
export interface ReportData {
  /** Every released week (Mondays), oldest first. */
  weeks: string[];
  /** The metrics with cells, in the order of releasedMetrics. */
  metrics: string[];
  groups: ReportGroup[];
  ledger: ReportLedger | null;
}

interface GroupRow {
  team: string;
  team_name: string;
  group_kind: string | null;
  parent_team: string | null;
  dimension: string | null;
}

/**
 * Readable labels, unique over the report: a team's name, a segment's `dimension: value`. Groups
 * sharing a label are told apart by the source of their ids (`Engineering (slack)`,
 * `Engineering (google)`) when that differs between them, else by their ids.
 */
export function uniqueGroupLabels(groups: readonly GroupRow[]): Map<string, string> {
  const base = new Map(groups.map((g) => [g.team, g.group_kind === 'segment' && g.dimension ? `${g.dimension}: ${g.team_name}` : g.team_name]));
  const idsByLabel = new Map<string, string[]>();
  for (const [id, label] of base) idsByLabel.set(label, [...(idsByLabel.get(label) ?? []), id]);
  const sourceOf = (id: string) => id.split(':')[0] ?? id;
  return new Map(
    [...base].map(([id, label]) => {
      const sharing = idsByLabel.get(label) ?? [];
      if (sharing.length < 2) return [id, label];
      const sourcesDiffer = new Set(sharing.map(sourceOf)).size === sharing.length;
      return [id, `${label} (${sourcesDiffer ? sourceOf(id) : id})`];
    }),
  );
}

const metricOrder = releasedMetrics.map((m) => m.column);

/** Reads the report's data from the analytics store: every cell of `team_week_metrics` and the ledger's totals. */
export async function readReportData(analytics: AnalyticsStore): Promise<ReportData> {
  const read = async (sql: string) => {
    const { columns, rows } = await analytics.query(sql);
    return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  };
  const cells = await read(
    `SELECT team, strftime(week_start, '%Y-%m-%d') AS week, metric, status, contributors, mean, median, p25, p75
     FROM team_week_metrics ORDER BY team, week_start, metric`,
  );
  const groupRows = (await read(
    `SELECT DISTINCT ON (team) team, team_name, group_kind, parent_team, dimension FROM team_week_metrics ORDER BY team, week_start DESC`,
  )) as unknown as GroupRow[];
  const [ledgerRow] = await read(
    `SELECT count(*)::INTEGER AS releases, max(released_at)::VARCHAR AS "latestReleasedAt", arg_max(k, released_at) AS k,
       arg_max(epsilon, released_at) AS epsilon, arg_max(rules, released_at) AS rules,
       sum(cells_released)::INTEGER AS "cellsReleased", sum(cells_suppressed)::INTEGER AS "cellsSuppressed"
     FROM release_ledger HAVING count(*) > 0`,
  );

  const weeks = [...new Set(cells.map((c) => String(c.week)))].sort();
  const present = new Set(cells.map((c) => String(c.metric)));
  const metrics = [...metricOrder.filter((m) => present.has(m)), ...[...present].filter((m) => !metricOrder.includes(m)).sort()];
  const labels = uniqueGroupLabels(groupRows);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const emptySeries = (): ReportSeries => {
    const nulls = () => weeks.map(() => null);
    return { suppressed: weeks.map(() => false), contributors: nulls(), mean: nulls(), median: nulls(), p25: nulls(), p75: nulls() };
  };
  const groups = new Map<string, ReportGroup>(
    groupRows.map((g) => [
      g.team,
      {
        id: g.team,
        label: labels.get(g.team) ?? g.team_name,
        kind: g.group_kind === 'segment' ? 'segment' : 'team',
        parentLabel: g.parent_team ? (labels.get(g.parent_team) ?? null) : null,
        series: Object.fromEntries(metrics.map((m) => [m, emptySeries()])),
      },
    ]),
  );
  const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  for (const cell of cells) {
    const series = groups.get(String(cell.team))?.series[String(cell.metric)];
    const i = weekIndex.get(String(cell.week));
    if (!series || i === undefined) continue;
    series.suppressed[i] = cell.status === 'suppressed';
    series.contributors[i] = numberOrNull(cell.contributors);
    series.mean[i] = numberOrNull(cell.mean);
    series.median[i] = numberOrNull(cell.median);
    series.p25[i] = numberOrNull(cell.p25);
    series.p75[i] = numberOrNull(cell.p75);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.kind === b.kind ? a.label.localeCompare(b.label) : a.kind === 'team' ? -1 : 1));
  return {
    weeks,
    metrics,
    groups: ordered,
    ledger: ledgerRow
      ? {
          releases: Number(ledgerRow.releases),
          latestReleasedAt: String(ledgerRow.latestReleasedAt),
          k: Number(ledgerRow.k),
          epsilon: numberOrNull(ledgerRow.epsilon),
          rules: String(ledgerRow.rules),
          cellsReleased: Number(ledgerRow.cellsReleased),
          cellsSuppressed: Number(ledgerRow.cellsSuppressed),
        }
      : null,
  };
}
