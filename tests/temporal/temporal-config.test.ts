import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { temporalSchedules } from '../../cli/temporal-schedules.ts';
import { loadTemporalConfig } from '../../temporal.config.ts';

describe('Temporal configuration', () => {
  it('has defaults for a local dev server', () => {
    const temporal = loadTemporalConfig({});
    expect(temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', tls: undefined, apiKey: undefined, sources: ['slack'] });
    expect(temporal.routing.taskQueues).toEqual({ ingest: 'attune-ingest-v4', store: 'attune-store-v4' });
    expect(temporal.routing.options.http).toMatchObject({ startToCloseTimeout: '30 minutes', scheduleToCloseTimeout: '12 hours', heartbeatTimeout: '2 minutes', retry: { maximumAttempts: 20 } });
    // Store activities heartbeat (the store worker keeps them alive), a few at a time.
    expect(temporal.routing.options.store).toMatchObject({ startToCloseTimeout: '1 hour', scheduleToCloseTimeout: '6 hours', heartbeatTimeout: '2 minutes' });
    expect(temporal.storeConcurrency).toBe(2);
    // Several ingest workers may run: syncs share each vendor budget between their fetches.
    expect(temporal.routing.shareBudget).toBe(true);
    expect(temporal.routing.options.notify.retry?.nonRetryableErrorTypes).toEqual(['auth', 'config', 'schema_drift']);
  });

  it('takes every setting from the environment', () => {
    const temporal = loadTemporalConfig({
      TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'acme.a1b2c',
      TEMPORAL_API_KEY: 'key',
      TEMPORAL_TASK_QUEUE_INGEST: 'attune-ingest-v4',
      TEMPORAL_HTTP_HEARTBEAT: '45s',
      TEMPORAL_STORE_MAX_ATTEMPTS: '3',
      TEMPORAL_HTTP_SCHEDULE_TO_CLOSE: '3 hours',
      TEMPORAL_STORE_CONCURRENCY: '1',
      TEMPORAL_INGEST_WORKERS: 'one',
      TEMPORAL_SCHEDULE_DAILY: '0 4 * * *',
      TEMPORAL_SOURCES: 'slack, jira',
    });
    expect(temporal).toMatchObject({ address: 'acme.a1b2c.tmprl.cloud:7233', namespace: 'acme.a1b2c', apiKey: 'key', sources: ['slack', 'jira'] });
    expect(temporal.routing.taskQueues.ingest).toBe('attune-ingest-v4');
    expect(temporal.routing.shareBudget).toBe(false);
    expect(temporal.routing.options.http.heartbeatTimeout).toBe('45s');
    expect(temporal.routing.options.store.retry?.maximumAttempts).toBe(3);
    expect(temporal.routing.options.http.scheduleToCloseTimeout).toBe('3 hours');
    expect(temporal.storeConcurrency).toBe(1);
    expect(temporal.schedules.daily).toBe('0 4 * * *');
    expect(loadTemporalConfig({ TEMPORAL_TLS_CERT: '/c.pem', TEMPORAL_TLS_KEY: '/k.pem' }).tls).toEqual({ certPath: '/c.pem', keyPath: '/k.pem' });
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'http://localhost' }, 'TEMPORAL_ADDRESS'],
    [{ TEMPORAL_HTTP_START_TO_CLOSE: 'soon' }, 'TEMPORAL_HTTP_START_TO_CLOSE'],
    [{ TEMPORAL_STORE_MAX_ATTEMPTS: '0' }, 'TEMPORAL_STORE_MAX_ATTEMPTS'],
    [{ TEMPORAL_SCHEDULE_SYNC: 'hourly' }, 'TEMPORAL_SCHEDULE_SYNC'],
    [{ TEMPORAL_SOURCES: 'slack,teams' }, 'TEMPORAL_SOURCES'],
    [{ TEMPORAL_INGEST_WORKERS: '3' }, 'TEMPORAL_INGEST_WORKERS'],
    [{ TEMPORAL_TLS_CERT: '/c.pem' }, 'TEMPORAL_TLS_KEY'],
  ])('names the variable to fix: %j', (env, variable) => {
    expect(() => loadTemporalConfig(env)).toThrow(variable);
  });
});

describe('schedules', () => {
  const temporal = loadTemporalConfig({ TEMPORAL_SOURCES: 'slack,jira' });
  const routing = { ...temporal.routing, ingestKeyFingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };
  const schedules = temporalSchedules(loadConfig({ ATTUNE_BACKFILL_DAYS: '30' }), temporal, routing);

  it('are an hourly sync per source, the daily run and the weekly release, each skipping overlaps and catching up', () => {
    expect(schedules.map((s) => [s.scheduleId, s.spec.cronExpressions, s.action.workflowType])).toEqual([
      ['attune-hourly-sync-slack', ['5 * * * *'], 'scheduledSyncWorkflow'],
      ['attune-hourly-sync-jira', ['5 * * * *'], 'scheduledSyncWorkflow'],
      ['attune-daily-wellbeing', ['0 5 * * *'], 'dailyWellbeingWorkflow'],
      ['attune-weekly-release', ['30 6 * * 1'], 'dailyWellbeingWorkflow'],
    ]);
    for (const s of schedules) {
      expect(s.policies).toEqual({ overlap: 'SKIP', catchupWindow: '1 day' });
      expect(s.action).toMatchObject({ type: 'startWorkflow', workflowId: s.scheduleId, taskQueue: 'attune-ingest-v4' });
    }
  });

  it('take their windows from the nominal time, and only the weekly one releases', () => {
    const args = schedules.map((s) => (s.action.args as Record<string, unknown>[])[0]);
    expect(args[0]).toMatchObject({ source: 'slack', window: { daysBeforeSchedule: 30 }, routing });
    expect(args[2]).toMatchObject({ sources: ['slack', 'jira'], lookbackDays: 30, release: false });
    expect(args[3]).toMatchObject({ release: true });
  });
});
