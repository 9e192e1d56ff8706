import { completeWeeksOf, type RunWindow } from '../models/run-window.ts';
import { releaseOutcomeQuery } from '../transforms/release/release-outcome-query.ts';
import { teamWeekReleaseStatements } from '../transforms/release/team-week-release-statements.ts';
import type { ActivityDeps } from './activity-deps.ts';

/** Cells released to the analytics store and cells suppressed there, for the complete weeks of the window. */
export interface ReleaseResult {
  weeks: { from: string; to: string };
  released: number;
  suppressed: number;
}

/** Releases team-week aggregates for the window's complete weeks into the analytics store, under the release rules. */
export function releaseAggregates(deps: ActivityDeps) {
  return async ({ window }: { window: RunWindow }): Promise<ReleaseResult> => {
    const weeks = completeWeeksOf(window);
    if (weeks.from === weeks.to) return { weeks, released: 0, suppressed: 0 };
    const releasedAt = new Date().toISOString();
    const releaseId = `${weeks.from}..${weeks.to}@${releasedAt}`;
    const statements = teamWeekReleaseStatements({ fromWeek: weeks.from, toWeek: weeks.to, k: deps.releaseK, releaseId, releasedAt });
    const [outcome] = await deps.store.runWithAnalytics(deps.analyticsPath, statements, releaseOutcomeQuery(releaseId));
    const released = Number(outcome?.released ?? 0);
    const suppressed = Number(outcome?.suppressed ?? 0);
    deps.progress(`release: weeks ${weeks.from}..${weeks.to}: ${released} cells released, ${suppressed} suppressed (k = ${deps.releaseK})`);
    return { weeks, released, suppressed };
  };
}
