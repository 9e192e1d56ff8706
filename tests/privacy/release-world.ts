import path from 'node:path';
import { runRelease } from '../../activities/run-release.ts';
import { openAnalyticsStore } from '../../store/open-analytics-store.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { contributorToken, memberOfToken, sourceOfToken } from '../../transforms/release/contributor-token.ts';
import type { NoiseSource } from '../../transforms/release/discrete-laplace.ts';
import { optOutStatements } from '../../transforms/release/opt-out-statements.ts';
import type { OrgOverrides } from '../../transforms/release/org-overrides.ts';
import type { ReleasePolicy } from '../../transforms/release/release-policy.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import type { Knowledge } from './adversary.ts';
import { pseudonymOf } from '../transforms/activity-fixtures.ts';

/** One week of a hand-made organisation, by readable names: the directory as it stands that week, values and opt-outs. */
export interface WorldWeek {
  week: string;
  teams: { team: string; parent: string | null }[];
  /** Direct team memberships. */
  members: { team: string; person: string }[];
  segments: { dimension: string; value: string; person: string }[];
  /** Each active person's after-hours minutes that week; the other metrics derive from it. */
  values: Record<string, number>;
  /** Everyone opted out by the end of this week. */
  optedOut: string[];
}

/** A cell of `team_week_metrics` as an analyst reads it. */
export interface AnalystCell {
  group: string;
  kind: string;
  week: string;
  metric: string;
  status: string;
  contributors: number | null;
  mean: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  shareBeyond: number | null;
  /** ε the cell's noise spent (null: exact). */
  noiseEpsilon: number | null;
}

/**
 * Runs a world week by week, the way an installation lives it: each week the directory is
 * replaced, the week's features and opt-outs are stored, and that week is released. Returns
 * what an analyst can read afterwards (every cell and the ledger), the data directory, and the
 * worst case of what an analyst might know besides: each group's exact after-hours contributors
 * as of each week (the sets the release kept for its audit, by name).
 */
export async function releaseWorld(
  weeks: readonly WorldWeek[],
  policy: ReleasePolicy,
  { noise, overrides = { teams: [], people: [] } }: { noise?: NoiseSource; overrides?: OrgOverrides } = {},
): Promise<{ cells: AnalystCell[]; ledger: Record<string, unknown>[]; dataDir: string; exactSets: Knowledge }> {
  const dataDir = tempDir('privacy');
  const store = await openPrivateStore(dataDir);
  const exactSets: Knowledge = new Map();
  try {
    for (const w of weeks) {
      await store.replaceDirectory('slack', {
        teams: w.teams.map((t) => ({ source: 'slack', team: t.team, teamName: t.team, parent: t.parent })),
        memberships: w.members.map((m) => ({ source: 'slack', team: m.team, teamName: m.team, person: pseudonymOf(m.person) })),
        segments: w.segments.map((s) => ({ source: 'slack', dimension: s.dimension, value: s.value, person: pseudonymOf(s.person) })),
      });
      await store.run([
        { sql: 'DELETE FROM privacy_opt_outs' },
        ...w.optedOut.flatMap((name) => optOutStatements(pseudonymOf(name), true, `${w.week}T00:00:00Z`)),
        ...Object.entries(w.values).map(([name, minutes]) => ({
          sql: `INSERT INTO person_week_features (person, week_start, active_days, messages_sent, after_hours_minutes,
                  non_working_day_minutes, mean_workday_span_minutes, distinct_collaborators)
                VALUES ($person, $week::DATE, 5, $minutes * 2, $minutes, 0, $minutes + 400, 4)`,
          params: { person: pseudonymOf(name), week: w.week, minutes },
        })),
      ]);
      const next = new Date(Date.parse(`${w.week}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      await runRelease(store, {
        toWeek: next,
        policy,
        overrides,
        noise,
        analyticsPath: path.join(dataDir, 'analytics.duckdb'),
        releasedAt: `${next}T06:00:00Z`,
      });
    }
    const names = new Map(weeks.flatMap((w) => [...w.members.map((m) => m.person), ...Object.keys(w.values)]).map((name) => [pseudonymOf(name), name]));
    // A borrower's token names both people: `b2<a1`, whose value it enters with last.
    const nameOf = (token: string) => contributorToken(names.get(memberOfToken(token)) ?? memberOfToken(token), names.get(sourceOfToken(token)) ?? sourceOfToken(token));
    const sets = (await store.select({
      sql: `SELECT group_id AS "group", strftime(week_start, '%Y-%m-%d') AS week, contributors FROM released_sets
            WHERE metric = 'after_hours_minutes' ORDER BY week_start`,
    })) as { group: string; week: string; contributors: string[] }[];
    for (const { week } of weeks) {
      const groups = new Map<string, Set<string>>();
      for (const set of sets.filter((x) => x.week <= week)) groups.set(set.group, new Set(set.contributors.map(nameOf)));
      exactSets.set(week, groups);
    }
  } finally {
    await store.close();
  }
  const analytics = await openAnalyticsStore(dataDir);
  try {
    const read = async (sql: string) => {
      const { columns, rows } = await analytics.query(sql);
      return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    };
    const cells = await read(
      `SELECT team AS "group", group_kind AS kind, strftime(week_start, '%Y-%m-%d') AS week, metric, status,
         contributors, mean, p25, median, p75, share_beyond_threshold AS "shareBeyond",
         noise_epsilon AS "noiseEpsilon" FROM team_week_metrics ORDER BY ALL`,
    );
    return { cells: cells as unknown as AnalystCell[], ledger: await read('SELECT * FROM release_ledger ORDER BY weeks_from'), dataDir, exactSets };
  } finally {
    await analytics.close();
  }
}
