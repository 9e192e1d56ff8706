import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';

/**
 * Every workflow and schedule id, in one place. A run's id depends only on its window, so starting
 * the same run twice finds the first one. A source sync's depends only on the source, whoever starts
 * it (a run or the hourly schedule), so Temporal never lets two syncs of one source run at once. A
 * scheduled workflow's id is its schedule's id plus the nominal time (Temporal's doing).
 */
export const workflowIds = {
  /** A run (backfill or started by hand) over a window. */
  run: (window: RunWindow) => `attune-run-${window.start}--${window.end}`,
  /** One source's sync, over any window: one at a time per source. */
  sync: (source: Source) => `attune-sync-${source}`,
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
