import { DAYS_OF_WEEK, MONTHS, ScheduleNotFoundError, WorkflowNotFoundError, type CalendarSpecDescription, type Client, type Range, type ScheduleDescription } from '@temporalio/client';
import { Source } from '../models/source.ts';
import { workflowIds } from '../workflows/temporal-routing.ts';
import { formatInstant, formatTable } from './format-table.ts';

/** One attune schedule as the server describes it, and how its last action's workflow stands (null: no action taken yet). */
export interface ScheduleStatus {
  description: ScheduleDescription;
  lastResult: string | null;
}

/** Every id an attune schedule can have (an hourly sync of any source, whether configured now or not; the daily and weekly runs), in order. */
const attuneScheduleIds = [...Source.options.map(workflowIds.schedule.sync), workflowIds.schedule.daily, workflowIds.schedule.weeklyRelease].sort();

/**
 * Describes each of attune's schedules the namespace has (see workflowIds.schedule; asked by id, as
 * the schedule list lags behind), each with the status of the workflow its last action started
 * (`COMPLETED`, `FAILED`, `RUNNING`…; the last run of its chain when it continued as new; `past
 * retention` when the server no longer keeps it), in id order. Only statuses: no workflow result is read.
 */
export async function readScheduleStatuses(client: Client): Promise<ScheduleStatus[]> {
  const statuses = await Promise.all(
    attuneScheduleIds.map(async (id): Promise<ScheduleStatus | null> => {
      let description: ScheduleDescription;
      try {
        description = await client.schedule.getHandle(id).describe();
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return null;
        throw error;
      }
      const last = description.info.recentActions.at(-1);
      if (last === undefined) return { description, lastResult: null };
      try {
        const workflow = await client.workflow.getHandle(last.action.workflow.workflowId).describe();
        return { description, lastResult: workflow.status.name };
      } catch (error) {
        // A run older than the namespace's retention period (the weekly release's, say) is gone from the server.
        if (error instanceof WorkflowNotFoundError) return { description, lastResult: 'past retention' };
        throw error;
      }
    }),
  );
  return statuses.filter((status) => status !== null);
}

/** One calendar field in cron's form: `*` for its whole range, else its values, ranges and steps. */
function cronField<Unit>(ranges: Range<Unit>[], whole: Range<number>, toNumber: (unit: Unit) => number): string {
  const parts = ranges.map(({ start, end, step }) => {
    const [from, to] = [toNumber(start), toNumber(end)];
    const every = step > 1 ? `/${step}` : '';
    if (from === whole.start && to === whole.end) return `*${every}`;
    return from === to ? `${from}` : `${from}-${to}${every}`;
  });
  return parts.length === 0 ? '*' : parts.join(',');
}

/** A calendar spec as a cron expression (minute, hour, day of month, month, day of week), as `attune schedule apply` wrote it. */
function cronOf(calendar: CalendarSpecDescription): string {
  const same = (n: number) => n;
  return [
    cronField(calendar.minute, { start: 0, end: 59, step: 1 }, same),
    cronField(calendar.hour, { start: 0, end: 23, step: 1 }, same),
    cronField(calendar.dayOfMonth, { start: 1, end: 31, step: 1 }, same),
    cronField(calendar.month, { start: 1, end: 12, step: 1 }, (month) => MONTHS.indexOf(month) + 1),
    cronField(calendar.dayOfWeek, { start: 0, end: 6, step: 1 }, (day) => DAYS_OF_WEEK.indexOf(day)),
  ].join(' ');
}

/** When a schedule takes its actions: its calendars as cron expressions and its intervals, in its time zone (UTC unless it names one; the server answers an empty name for none). */
export function describeScheduleSpec(spec: ScheduleDescription['spec']): string {
  const times = [...(spec.calendars ?? []).map(cronOf), ...(spec.intervals ?? []).map((i) => `every ${Math.round(Number(i.every) / 1000)} s`)];
  return `${times.join('; ') || 'no times'} ${spec.timezone || 'UTC'}`;
}

/** A time, or `never` when there is none. */
const at = (date: Date | undefined) => (date === undefined ? 'never' : formatInstant(date));

/**
 * The schedules' table of `attune status --temporal`: per schedule its spec, whether it is paused (and
 * the note saying why), when its last action was due and taken and how its workflow stands, the next
 * run and the actions skipped (overlap, missed catch-up window).
 */
export function formatScheduleStatuses(statuses: ScheduleStatus[]): string {
  return formatTable(
    ['schedule', 'spec', 'paused', 'last due', 'last started', 'last result', 'next run', 'skipped'],
    statuses.map(({ description: { scheduleId, spec, state, info }, lastResult }) => {
      const last = info.recentActions.at(-1);
      return [
        scheduleId,
        describeScheduleSpec(spec),
        state.paused ? `yes${state.note ? `: ${state.note}` : ''}` : 'no',
        at(last?.scheduledAt),
        at(last?.takenAt),
        lastResult ?? 'no run yet',
        state.paused ? 'paused' : at(info.nextActionTimes[0]),
        info.numActionsSkippedOverlap + info.numActionsMissedCatchupWindow,
      ];
    }),
  );
}
