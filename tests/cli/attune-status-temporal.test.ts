import { join } from 'node:path';
import { Client, type CalendarSpecDescription, type ScheduleDescription } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { describeScheduleSpec, formatScheduleStatuses } from '../../cli/temporal-schedule-status.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTemporalTestServer } from '../helpers/temporal-test-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

/** The calendar a Temporal server makes of a cron expression, as its describe answers it (second 0, `*` as the field's whole range). */
function calendarOf(fields: Partial<CalendarSpecDescription>): CalendarSpecDescription {
  return {
    second: [{ start: 0, end: 0, step: 1 }],
    minute: [{ start: 0, end: 59, step: 1 }],
    hour: [{ start: 0, end: 23, step: 1 }],
    dayOfMonth: [{ start: 1, end: 31, step: 1 }],
    month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
    year: [],
    dayOfWeek: [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
    ...fields,
  };
}

/** A schedule as `ScheduleHandle.describe` gives it, with `calendar`, pause state and recent actions. */
function scheduleDescription(
  scheduleId: string,
  calendar: CalendarSpecDescription,
  state: ScheduleDescription['state'],
  recent: { scheduledAt: string; takenAt: string }[],
  next: string[],
): ScheduleDescription {
  return {
    scheduleId,
    // The client decodes a spec naming no time zone as an empty name.
    spec: { calendars: [calendar], timezone: '' },
    action: { type: 'startWorkflow', workflowType: 'dailyWellbeingWorkflow', workflowId: scheduleId, taskQueue: 'attune-ingest-v1', args: [] },
    policies: { overlap: 'SKIP', catchupWindow: 86_400_000, pauseOnFailure: false },
    searchAttributes: {},
    typedSearchAttributes: new TypedSearchAttributes(),
    state,
    info: {
      recentActions: recent.map(({ scheduledAt, takenAt }) => ({
        scheduledAt: new Date(scheduledAt),
        takenAt: new Date(takenAt),
        action: { type: 'startWorkflow', workflow: { workflowId: `${scheduleId}-${scheduledAt}`, firstExecutionRunId: 'run-1' } },
      })),
      nextActionTimes: next.map((t) => new Date(t)),
      numActionsTaken: recent.length,
      numActionsMissedCatchupWindow: 1,
      numActionsSkippedOverlap: 2,
      createdAt: new Date('2026-11-01T00:00:00Z'),
      lastUpdatedAt: undefined,
      runningActions: [],
    },
    raw: {},
  };
}

/** The data rows of a formatted table, split into cells on runs of 2+ spaces. */
const tableRows = (table: string) =>
  table
    .split('\n')
    .slice(2, -2)
    .map((line) => line.trim().split(/\s{2,}/));

describe("attune status's schedule table, from descriptions shaped as the Temporal client gives them", () => {
  it('writes each calendar back as the cron expression it came from', () => {
    expect(describeScheduleSpec({ calendars: [calendarOf({ minute: [{ start: 5, end: 5, step: 1 }] })] })).toBe('5 * * * * UTC');
    expect(
      describeScheduleSpec({
        calendars: [calendarOf({ minute: [{ start: 30, end: 30, step: 1 }], hour: [{ start: 6, end: 6, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }] })],
      }),
    ).toBe('30 6 * * 1 UTC');
    expect(
      describeScheduleSpec({
        calendars: [calendarOf({ minute: [{ start: 0, end: 59, step: 15 }], hour: [{ start: 9, end: 17, step: 1 }], month: [{ start: 'MARCH', end: 'MARCH', step: 1 }] })],
        timezone: 'Europe/Berlin',
      }),
    ).toBe('*/15 9-17 * 3 * Europe/Berlin');
    expect(describeScheduleSpec({ intervals: [{ every: 3_600_000, offset: 0 }] })).toBe('every 3600 s UTC');
  });

  it('shows each schedule with its spec, pause and note, last action times and result, next run and skipped actions', () => {
    const hourly = scheduleDescription(
      'attune-hourly-sync-slack',
      calendarOf({ minute: [{ start: 5, end: 5, step: 1 }] }),
      { paused: false },
      [
        { scheduledAt: '2026-11-23T10:05:00Z', takenAt: '2026-11-23T10:05:01Z' },
        { scheduledAt: '2026-11-23T11:05:00Z', takenAt: '2026-11-23T11:05:02Z' },
      ],
      ['2026-11-23T12:05:00Z', '2026-11-23T13:05:00Z'],
    );
    const weekly = scheduleDescription('attune-weekly-release', calendarOf({ minute: [{ start: 30, end: 30, step: 1 }], hour: [{ start: 6, end: 6, step: 1 }] }), { paused: true, note: 'held for the audit' }, [], ['2026-11-30T06:30:00Z']);
    expect(tableRows(formatScheduleStatuses([{ description: hourly, lastResult: 'FAILED' }, { description: weekly, lastResult: null }]))).toEqual([
      ['attune-hourly-sync-slack', '5 * * * * UTC', 'no', '2026-11-23 11:05:00Z', '2026-11-23 11:05:02Z', 'FAILED', '2026-11-23 12:05:00Z', '3'],
      ['attune-weekly-release', '30 6 * * * UTC', 'yes: held for the audit', 'never', 'never', 'no run yet', 'paused', '3'],
    ]);
  });
});

describe('attune status --temporal without a reachable server', () => {
  it('prints the store part, then says it cannot reach Temporal, naming TEMPORAL_ADDRESS, and exits 3', async () => {
    const port = await closedPort();
    const result = await runCli(['status', '--temporal'], { ATTUNE_DATA_DIR: join(tempDir('status-no-temporal'), 'data'), ATTUNE_PSEUDONYM_KEY: testSecretHex, TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/^attune status: no private store in /);
    expect(result.stdout).toContain(`Temporal schedules\nnot shown: cannot reach Temporal at 127.0.0.1:${port} (TEMPORAL_ADDRESS)`);
  });

  it('leaves Temporal out when neither --temporal nor TEMPORAL_ADDRESS asks for it', async () => {
    const result = await runCli(['status'], { ATTUNE_DATA_DIR: join(tempDir('status-no-temporal'), 'data'), ATTUNE_PSEUDONYM_KEY: testSecretHex });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('Temporal');
  });
});

const server = await startTemporalTestServer();
if (server.reason) console.warn(`skipping attune status on a Temporal server: ${server.reason}`);

describe.skipIf(server.env === null)('attune status on a Temporal server, after attune schedule apply', () => {
  afterAll(() => server.env?.teardown());

  it('lists each attune schedule with its cron, pause and note, the last action and its workflow status, and the next run', async () => {
    const env = server.env!;
    const cli = { ATTUNE_DATA_DIR: join(tempDir('status-temporal'), 'data'), ATTUNE_PSEUDONYM_KEY: testSecretHex, TEMPORAL_ADDRESS: env.address, TEMPORAL_SOURCES: 'slack,jira' };
    const applied = await runCli(['schedule', 'apply'], cli);
    expect(applied.code, applied.stderr).toBe(0);
    const client = new Client({ connection: env.connection });
    await client.schedule.getHandle('attune-weekly-release').pause('held for the audit');
    // No worker serves the queue, so the triggered run stays RUNNING.
    await client.schedule.getHandle('attune-daily-wellbeing').trigger();
    let status = await runCli(['status'], cli);
    for (let tries = 0; !/attune-daily-wellbeing.*RUNNING/.test(status.stdout) && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await runCli(['status'], cli);
    }
    expect(status.code, status.stderr).toBe(0);
    const table = status.stdout.slice(status.stdout.indexOf('Temporal schedules\n') + 'Temporal schedules\n'.length);
    const rows = tableRows(table);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['attune-daily-wellbeing', '0 5 * * * UTC', 'no'],
      ['attune-hourly-sync-jira', '5 * * * * UTC', 'no'],
      ['attune-hourly-sync-slack', '5 * * * * UTC', 'no'],
      ['attune-weekly-release', '30 6 * * 1 UTC', 'yes: held for the audit'],
    ]);
    expect(rows[0]!.slice(5)).toEqual(['RUNNING', expect.stringMatching(/^\d{4}-\d{2}-\d{2} 05:00:00Z$/), '0']);
    expect(rows[1]!.slice(3)).toEqual(['never', 'never', 'no run yet', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:05:00Z$/), '0']);
    expect(rows[3]!.slice(3)).toEqual(['never', 'never', 'no run yet', 'paused', '0']);
  }, 120_000);
});
