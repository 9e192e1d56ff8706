import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';

/**
 * Every workflow and schedule id, in one place. A run's id depends only on its window, a
 * source sync's only on the source and the window, so starting the same work twice finds the
 * first one. A scheduled workflow's id is its schedule's id plus the nominal time (Temporal's doing).
 */
export const workflowIds = {
  /** A run (backfill or started by hand) over a window. */
  run: (window: RunWindow) => `attune-run-${window.start}--${window.end}`,
  /** One source's sync over a window. */
  sync: (source: Source, window: RunWindow) => `attune-sync-${source}-${window.start}--${window.end}`,
  /** The nudge delivery a run starts, outliving it. */
  nudges: (window: RunWindow) => `attune-nudges-${window.start}--${window.end}`,
  /** An erasure of the requests waiting, confirmed by an admin at `at` (ISO instant): no person in it. */
  erasure: (at: string) => `attune-erase-requested-${at}`,
  /** The schedules: hourly sync per source, daily wellbeing run, weekly release. */
  schedule: {
    sync: (source: Source) => `attune-hourly-sync-${source}`,
    daily: 'attune-daily-wellbeing',
    weeklyRelease: 'attune-weekly-release',
  },
} as const;
