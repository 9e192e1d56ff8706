import { dayMs } from '../../models/time.ts';

/**
 * SQL unnesting the local calendar days an event may touch, given its start and end as epoch
 * ms and the UTC offset at its start: from the local day of the start to the day after the local
 * day of its last instant (one day more than needed, in case the offset changes before the
 * end; clipping to the day frames drops what lies outside); one day for an instant. Used both to
 * find the days a changed event dirties and to place events on days, so the two agree.
 */
export function localDaysSql(startMs: string, endMs: string, offsetMs: string): string {
  return `unnest(range((${startMs} + ${offsetMs}) // ${dayMs},
      CASE WHEN ${endMs} > ${startMs} THEN (${endMs} - 1 + ${offsetMs}) // ${dayMs} + 2 ELSE (${startMs} + ${offsetMs}) // ${dayMs} + 1 END))`;
}
