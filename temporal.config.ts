/**
 * Temporal settings shared by workers, clients and schedules, read from the environment the
 * CLI hands in. The embedded runner (`npm start`) needs none of this; it runs the same
 * orchestration in-process.
 */
import type { ActivityOptions } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';
import { z } from 'zod';
import { ConfigError } from './models/errors.ts';
import { Source } from './models/source.ts';
import { wholeNumberSetting } from './models/setting-values.ts';
import type { QueueRouting } from './workflows/temporal-routing.ts';

const text = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || fallback);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);
const duration = (fallback: string) =>
  text(fallback).refine((v) => {
    try {
      return msToNumber(v as Parameters<typeof msToNumber>[0]) > 0;
    } catch {
      return false;
    }
  }, "must be a duration such as '90 seconds', '5m' or '2 hours'");
const count = (fallback: number, max: number) => wholeNumberSetting(fallback, 1, max);
const cron = (fallback: string) => text(fallback).refine((v) => v.split(/\s+/).length === 5, "must be a cron expression of 5 fields, e.g. '0 5 * * *' (UTC)");

/**
 * The option groups' settings, by group: TEMPORAL_<GROUP>_START_TO_CLOSE, _SCHEDULE_TO_CLOSE (a
 * bound on all attempts together), _HEARTBEAT, _INITIAL_INTERVAL, _MAX_INTERVAL, _MAX_ATTEMPTS.
 */
const groupDefaults = {
  HTTP: { startToClose: '30 minutes', scheduleToClose: '12 hours', heartbeat: '2 minutes', initialInterval: '5 seconds', maxInterval: '10 minutes', maxAttempts: 20 },
  STORE: { startToClose: '1 hour', scheduleToClose: '6 hours', heartbeat: '2 minutes', initialInterval: '2 seconds', maxInterval: '1 minute', maxAttempts: 5 },
  NOTIFY: { startToClose: '2 minutes', scheduleToClose: '6 hours', heartbeat: undefined, initialInterval: '10 seconds', maxInterval: '30 minutes', maxAttempts: 10 },
} as const;
type Group = keyof typeof groupDefaults;

const groupShape = (group: Group) => {
  const d = groupDefaults[group];
  return {
    [`TEMPORAL_${group}_START_TO_CLOSE`]: duration(d.startToClose),
    [`TEMPORAL_${group}_SCHEDULE_TO_CLOSE`]: duration(d.scheduleToClose),
    [`TEMPORAL_${group}_HEARTBEAT`]: d.heartbeat ? duration(d.heartbeat) : optionalText,
    [`TEMPORAL_${group}_INITIAL_INTERVAL`]: duration(d.initialInterval),
    [`TEMPORAL_${group}_MAX_INTERVAL`]: duration(d.maxInterval),
    [`TEMPORAL_${group}_MAX_ATTEMPTS`]: count(d.maxAttempts, 1000),
  };
};

const Environment = z.object({
  TEMPORAL_ADDRESS: text('localhost:7233').refine((v) => /^[\w.-]+:\d{1,5}$/.test(v), 'must be host:port, e.g. localhost:7233'),
  TEMPORAL_NAMESPACE: text('default'),
  TEMPORAL_CONNECT_TIMEOUT: duration('3 seconds'),
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TASK_QUEUE_INGEST: text('attune-ingest-v4'),
  TEMPORAL_TASK_QUEUE_STORE: text('attune-store-v4'),
  TEMPORAL_SOURCES: text('slack').pipe(z.string().transform((v) => v.split(',').map((s) => s.trim())).pipe(z.array(Source).min(1))),
  TEMPORAL_SCHEDULE_SYNC: cron('5 * * * *'),
  TEMPORAL_SCHEDULE_DAILY: cron('0 5 * * *'),
  TEMPORAL_SCHEDULE_WEEKLY_RELEASE: cron('30 6 * * 1'),
  TEMPORAL_CATCHUP_WINDOW: duration('1 day'),
  TEMPORAL_FETCH_SLICE_DAYS: count(7, 400),
  TEMPORAL_STORE_CONCURRENCY: count(2, 64),
  TEMPORAL_INGEST_WORKERS: z.enum(['one', 'several'], { message: "must be 'one' or 'several'" }).default('several'),
  ...groupShape('HTTP'),
  ...groupShape('STORE'),
  ...groupShape('NOTIFY'),
});

/** Where and how to reach Temporal, which queues and schedules attune uses, and how its activities time out and retry. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  /** How long a client waits for the server before giving up. */
  connectTimeout: string;
  /** mTLS client certificate and key files (self-hosted with TLS, or Temporal Cloud), or undefined. */
  tls: { certPath: string; keyPath: string } | undefined;
  /** A Temporal Cloud API key (implies TLS), or undefined. */
  apiKey: string | undefined;
  /** The sources the schedules and runs sync; workers must have their credentials. */
  sources: Source[];
  /** Task queues and activity option groups, as workflows take them (with the ingest key fingerprint a client adds). */
  routing: QueueRouting;
  /** Cron specs (UTC) of the hourly incremental sync, the daily wellbeing run and the weekly release run. */
  schedules: { sync: string; daily: string; weeklyRelease: string };
  /** How late a missed scheduled run (server or workers down) is still started. */
  catchupWindow: string;
  /** A first read of a stream goes in windows of this many days, each checkpointed by heartbeat. */
  fetchSliceDays: number;
  /**
   * How many activities the store worker runs at once: they share one DuckDB writer, so more would
   * only queue inside the worker, where their timeouts would measure waiting instead of work.
   */
  storeConcurrency: number;
}

/** Reads the Temporal settings from an environment; throws a ConfigError naming each bad variable. */
export function loadTemporalConfig(env: Record<string, string | undefined>): TemporalConfig {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid Temporal configuration: ${problems.join('; ')}`, String(parsed.error.issues[0]?.path[0]));
  }
  const e = parsed.data as z.infer<typeof Environment> & Record<string, string | number | undefined>;
  if (Boolean(e.TEMPORAL_TLS_CERT) !== Boolean(e.TEMPORAL_TLS_KEY)) {
    throw new ConfigError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both files or neither', 'TEMPORAL_TLS_CERT');
  }
  const group = (name: Group): ActivityOptions => ({
    startToCloseTimeout: e[`TEMPORAL_${name}_START_TO_CLOSE`] as string,
    scheduleToCloseTimeout: e[`TEMPORAL_${name}_SCHEDULE_TO_CLOSE`] as string,
    ...(e[`TEMPORAL_${name}_HEARTBEAT`] ? { heartbeatTimeout: e[`TEMPORAL_${name}_HEARTBEAT`] as string } : {}),
    retry: {
      initialInterval: e[`TEMPORAL_${name}_INITIAL_INTERVAL`] as string,
      backoffCoefficient: 2,
      maximumInterval: e[`TEMPORAL_${name}_MAX_INTERVAL`] as string,
      maximumAttempts: e[`TEMPORAL_${name}_MAX_ATTEMPTS`] as number,
      nonRetryableErrorTypes: ['auth', 'config', 'schema_drift'],
    },
  });
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    connectTimeout: e.TEMPORAL_CONNECT_TIMEOUT,
    tls: e.TEMPORAL_TLS_CERT && e.TEMPORAL_TLS_KEY ? { certPath: e.TEMPORAL_TLS_CERT, keyPath: e.TEMPORAL_TLS_KEY } : undefined,
    apiKey: e.TEMPORAL_API_KEY,
    sources: e.TEMPORAL_SOURCES,
    routing: {
      taskQueues: { ingest: e.TEMPORAL_TASK_QUEUE_INGEST, store: e.TEMPORAL_TASK_QUEUE_STORE },
      options: { http: group('HTTP'), store: group('STORE'), notify: group('NOTIFY') },
      shareBudget: e.TEMPORAL_INGEST_WORKERS === 'several',
    },
    schedules: { sync: e.TEMPORAL_SCHEDULE_SYNC, daily: e.TEMPORAL_SCHEDULE_DAILY, weeklyRelease: e.TEMPORAL_SCHEDULE_WEEKLY_RELEASE },
    catchupWindow: e.TEMPORAL_CATCHUP_WINDOW,
    fetchSliceDays: e.TEMPORAL_FETCH_SLICE_DAYS,
    storeConcurrency: e.TEMPORAL_STORE_CONCURRENCY,
  };
}
