import { completeWeeksOf, type RunWindow } from '../models/run-window.ts';
import { keyedDiscreteLaplace } from '../transforms/release/discrete-laplace.ts';
import { releasePolicy } from '../transforms/release/release-policy.ts';
import type { StoreDeps } from './activity-deps.ts';
import { publishReleases, runRelease, type Publication } from './run-release.ts';

/** Cells released to the analytics store and cells suppressed there, for the complete weeks of the window. */
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
 * Releases group aggregates (teams and segment categories) for the window's complete weeks not
 * released before into the analytics store, under every release rule; noise is keyed by a subkey
 * of the vault key. Releases waiting in the outbox (the analytics store was held open) are
 * published on every call, with or without new weeks.
 */
export function releaseAggregates(deps: StoreDeps) {
  return async ({ window }: { window: RunWindow }): Promise<ReleaseResult> => {
    const weeks = completeWeeksOf(window);
    if (weeks.from === weeks.to) {
      const line = waitingLine(await publishReleases(deps.store, deps.analyticsPath));
      if (line) deps.progress(line);
      return { weeks, released: 0, suppressed: 0 };
    }
    const epsilon = deps.release?.epsilon ?? null;
    const policy = releasePolicy({ k: deps.releaseK, epsilon });
    const run = await runRelease(deps.store, {
      fromWeek: weeks.from,
      toWeek: weeks.to,
      policy,
      overrides: deps.release?.overrides ?? { teams: [], people: [] },
      noise: epsilon === null ? undefined : keyedDiscreteLaplace(deps.vaultKey),
      analyticsPath: deps.analyticsPath,
      releasedAt: new Date().toISOString(),
    });
    deps.progress(
      run.plan === null
        ? `release: weeks ${weeks.from}..${weeks.to} were all released before; released weeks are final`
        : `release: weeks ${run.weeks.from}..${run.weeks.to}: ${run.released} cells released, ${run.suppressed} suppressed ` +
            `(k = ${policy.k}${epsilon === null ? '' : `, ε = ${epsilon}`})`,
    );
    const line = waitingLine(run.publication);
    if (line) deps.progress(line);
    return { weeks, released: run.released, suppressed: run.suppressed };
  };
}
