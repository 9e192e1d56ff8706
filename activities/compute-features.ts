import { completeWeeksOf, localDaysOf, type RunWindow } from '../models/run-window.ts';
import { personDayFeatureStatements } from '../transforms/features/person-day-feature-statements.ts';
import { personWeekFeatureStatements } from '../transforms/features/person-week-feature-statements.ts';
import type { ActivityDeps } from './activity-deps.ts';

/** Recomputes every person-day and person-week feature the window touches. Recomputing gives the same rows. */
export function computeFeatures(deps: ActivityDeps) {
  return async ({ window }: { window: RunWindow }): Promise<{ personDayRows: number; personWeekRows: number }> => {
    const days = localDaysOf(window);
    const weeks = completeWeeksOf(window);
    await deps.store.run([
      ...personDayFeatureStatements({ fromDay: days.from, toDay: days.to }),
      ...personWeekFeatureStatements({ fromWeek: weeks.from, toWeek: weeks.to }),
    ]);
    const counts = await deps.store.counts();
    deps.progress(`features: ${counts.featureRows} person-days`);
    return { personDayRows: counts.featureRows, personWeekRows: counts.weekFeatureRows };
  };
}
