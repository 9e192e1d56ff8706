import type { RunWindow } from '../models/run-window.ts';
import { featureRecomputeSteps } from '../transforms/features/feature-recompute-steps.ts';
import { recomputeBatches, recomputeSizeQuery } from '../transforms/features/feature-work-tables.ts';
import type { StoreDeps } from './activity-deps.ts';

/**
 * Brings the features up to date, incrementally: only the person-days touched by events loaded,
 * changed or removed since the last compute (late ones included) and by people whose time zone
 * or working hours changed are rebuilt, with the weeks and baselines that depend on them, in parts
 * of a bounded size (see recomputeBatches), each committed as it is done (see featureRecomputeSteps).
 * The window only labels the progress line: what to rebuild comes from the change log, so a rerun
 * rebuilds nothing and gives the same rows as a full recompute.
 */
export function computeFeatures(deps: StoreDeps) {
  return async ({ window }: { window: RunWindow }): Promise<{ personDayRows: number; personWeekRows: number }> => {
    const [size] = await deps.store.select(recomputeSizeQuery);
    const batches = recomputeBatches({ people: Number(size?.people), events: Number(size?.events), names: Number(size?.names) });
    deps.progress(`features: recomputing the days of changed events (${Number(size?.events).toLocaleString('en-US')} events to read, in ${batches} part${batches === 1 ? '' : 's'})`);
    await deps.store.runSteps(featureRecomputeSteps({ mode: 'incremental', batches }));
    const counts = await deps.store.counts();
    deps.progress(`features (run ${window.start}..${window.end}): ${counts.featureRows} person-days, ${counts.weekFeatureRows} person-weeks`);
    return { personDayRows: counts.featureRows, personWeekRows: counts.weekFeatureRows };
  };
}
