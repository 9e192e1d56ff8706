import { completeWeeksOf, type RunWindow } from '../models/run-window.ts';
import { keyedDiscreteLaplace } from '../transforms/release/discrete-laplace.ts';
import { releasePolicy } from '../transforms/release/release-policy.ts';
import { defaultEpsilonCap, defaultSettleDays } from '../transforms/release/release-settings.ts';
import type { StoreDeps } from './activity-deps.ts';
import { runRelease, type Publication } from './run-release.ts';
import { dayMs, hourMs } from '../models/time.ts';

/** Cells released to the analytics store and cells suppressed there, and the span of the weeks released. */
export interface ReleaseResult {
  weeks: { from: string; to: string };
  released: number;
  suppressed: number;
}

/** The progress line for releases that wait in the outbox, or null when none waits. */
function waitingLine({ waiting, failure }: Publication): string | null {
  if (waiting === 0) return null;
  return `release: ${waiting} release(s) wait to be published to the analytics store (${failure ?? 'not written'}); the next run publishes them`;
}


/**
 * The Monday of the first week not settled at `end`: a week is settled once it has ended in every
 * time zone (UTC−12) and `settleDays` more have passed, so the data of the weeks before can no
 * longer change (late events, retries, a delayed sync).
 */
export function settledWeeksBefore(end: string, settleDays: number): string {
  const limit = Date.parse(end) - 12 * hourMs - settleDays * dayMs;
  const midnight = Math.floor(limit / dayMs) * dayMs;
  return new Date(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * dayMs).toISOString().slice(0, 10);
}

/**
 * Releases group aggregates (teams and segment categories) into the analytics store under every
 * release rule: every settled week (see settledWeeksBefore) with data not released before,
 * including history older than the window that arrived late (an import, a backfill); noise is
 * keyed by a subkey of the vault key. Releases waiting in the outbox (the analytics store was
 * held open) are published on every call, with or without new weeks.
 */
export function releaseAggregates(deps: StoreDeps) {
  return async ({ window }: { window: RunWindow }): Promise<ReleaseResult> => {
    const complete = completeWeeksOf(window);
    const settled = settledWeeksBefore(window.end, deps.release?.settleDays ?? defaultSettleDays);
    const epsilon = deps.release?.epsilon ?? null;
    const policy = releasePolicy({ k: deps.releaseK, epsilon, epsilonCap: deps.release?.epsilonCap ?? defaultEpsilonCap });
    const run = await runRelease(deps.store, {
      toWeek: settled,
      policy,
      overrides: deps.release?.overrides ?? { teams: [], people: [] },
      noise: epsilon === null ? undefined : keyedDiscreteLaplace(deps.vaultKey),
      analyticsPath: deps.analyticsPath,
      releasedAt: new Date().toISOString(),
    });
    if (run.plan !== null) {
      deps.progress(
        `release: weeks ${run.weeks.from}..${run.weeks.to}: ${run.released} cells released, ${run.suppressed} suppressed ` +
          `(k = ${policy.k}${epsilon === null ? '' : `, ε ≤ ${epsilon} per cell, ≤ ${policy.epsilonCap} per person-week`})`,
      );
    } else if (complete.from !== complete.to) {
      deps.progress(`release: no settled week with data waits to be released (weeks from ${settled} on settle first; released weeks are final)`);
    }
    const line = waitingLine(run.publication);
    if (line) deps.progress(line);
    const clip = (week: string) => [complete.from, week, complete.to].sort()[1]!;
    const weeks = run.plan !== null ? run.weeks : { from: complete.from, to: clip(settled) };
    return { weeks, released: run.released, suppressed: run.suppressed };
  };
}
