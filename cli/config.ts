import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';
import { optionalText, optionalWholeNumberSetting, wholeNumberSetting } from '../models/setting-values.ts';
import type { DuckDbResources } from '../store/connect-duckdb.ts';
import { defaultRetention, minimumRetentionDays, type RetentionSettings } from '../transforms/retention-statements.ts';
import { checkKeyFileOutside, decodeInstallationSecret } from './installation-secret.ts';


/** The environment attune reads, by variable name, so every error names the variable to fix. */
const Environment = z.object({
  ATTUNE_DATA_DIR: optionalText.default('./data'),
  ATTUNE_PSEUDONYM_KEY: optionalText,
  ATTUNE_KEY_FILE: optionalText,
  ATTUNE_INGEST_KEY: optionalText,
  ATTUNE_ANALYTICS_DIR: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((t) => t === undefined || /^xox[bp]-/.test(t), 'must be a Slack bot token (xoxb-…)'),
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  GOOGLE_SERVICE_ACCOUNT_FILE: optionalText,
  GOOGLE_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  GOOGLE_API_URL: optionalText.pipe(z.url().optional()),
  MS_TENANT_ID: optionalText,
  MS_CLIENT_ID: optionalText,
  MS_CLIENT_SECRET: optionalText,
  MS_GRAPH_URL: optionalText.pipe(z.url().optional()),
  MS_LOGIN_URL: optionalText.pipe(z.url().optional()),
  JIRA_HOST: optionalText.pipe(z.url().optional()),
  JIRA_EMAIL: optionalText.pipe(z.email().optional()),
  JIRA_API_TOKEN: optionalText,
  JIRA_IDENTITY_MAP: optionalText,
  SLACK_IDENTITY_MAP: optionalText,
  ATTUNE_RUN_AT: optionalText.pipe(z.iso.datetime({ offset: true }).optional()),
  ATTUNE_BACKFILL_DAYS: wholeNumberSetting(42, 1, 400),
  ATTUNE_RETENTION_DAYS: wholeNumberSetting(defaultRetention.retentionDays, 1, 36_500),
  ATTUNE_LEAVER_GRACE_DAYS: wholeNumberSetting(defaultRetention.leaverGraceDays, 1, 36_500),
  ATTUNE_RELEASE_K: wholeNumberSetting(5, 3, 1000),
  ATTUNE_STREAM_CONCURRENCY: wholeNumberSetting(4, 1, 64),
  ATTUNE_RETRY_ATTEMPTS: wholeNumberSetting(5, 1, 10),
  ATTUNE_RETRY_BASE_MS: wholeNumberSetting(1_000, 1, 60_000),
  ATTUNE_DEMO_PEOPLE: wholeNumberSetting(300, 24, 5000),
  ATTUNE_DEMO_WEEKS: wholeNumberSetting(6, 1, 26),
  ATTUNE_DEMO_SEED: wholeNumberSetting(1, 0, 2 ** 31),
  ATTUNE_DUCKDB_MEMORY: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be an amount of memory such as 1GiB, 512MB or 4GB')
    .default('1GiB'),
  ATTUNE_DUCKDB_THREADS: optionalWholeNumberSetting(1, 256),
  ATTUNE_QUERY_TIMEOUT_S: wholeNumberSetting(300, 1, 86_400),
});

/** Where each configured source is and how to sign in; files are named here and read when a run starts. */
export interface ConfiguredSources {
  slack?: { token: string; apiUrl: string | undefined };
  google?: { serviceAccountFile: string; adminEmail: string; apiUrl: string | undefined };
  microsoft?: { tenantId: string; clientId: string; clientSecret: string; graphUrl: string | undefined; loginUrl: string | undefined };
  jira?: { host: string; email: string; apiToken: string; identityMapFile: string | undefined };
}

/** The variables that together configure each source. */
export const requiredSettings: Record<keyof ConfiguredSources, readonly string[]> = {
  slack: ['SLACK_BOT_TOKEN'],
  google: ['GOOGLE_SERVICE_ACCOUNT_FILE', 'GOOGLE_ADMIN_EMAIL'],
  microsoft: ['MS_TENANT_ID', 'MS_CLIENT_ID', 'MS_CLIENT_SECRET'],
  jira: ['JIRA_HOST', 'JIRA_EMAIL', 'JIRA_API_TOKEN'],
};

/**
 * One source's settings when every required variable is set, undefined when none is (the source
 * is not configured), and a ConfigError naming the first missing one when only some are.
 */
function sourceSettings<T>(env: Record<string, unknown>, required: readonly string[], build: () => T): T | undefined {
  const missing = required.filter((name) => env[name] === undefined);
  if (missing.length === required.length) return undefined;
  if (missing.length > 0) {
    const set = required.filter((name) => !missing.includes(name));
    throw new ConfigError(`${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set but ${missing.join(', ')} is not: set it too`, missing[0] ?? '');
  }
  return build();
}

/** Everything a run is configured with, checked before anything is written. */
export interface Config {
  dataDir: string;
  /** The installation secret from ATTUNE_PSEUDONYM_KEY, or undefined to use (or create) the data directory's key file. */
  pseudonymKey: string | undefined;
  /** ATTUNE_KEY_FILE: the file holding the installation secret, outside the data directory; undefined to use ATTUNE_PSEUDONYM_KEY or the data directory's key file. */
  keyFile: string | undefined;
  /** ATTUNE_INGEST_KEY: an ingest worker's keys (`attune keys ingest-key`), given instead of the installation secret. */
  ingestKey: string | undefined;
  /** ATTUNE_ANALYTICS_DIR: where the analytics store is published, for analysts (default: the data directory). */
  analyticsDir: string;
  /** The sources an admin configured; none at all means the built-in simulated workspace. */
  sources: ConfiguredSources;
  /** The run's nominal time, the end of its window: ATTUNE_RUN_AT, else the moment the run starts. */
  runAt: Date | undefined;
  backfillDays: number;
  /** ATTUNE_RETENTION_DAYS and ATTUNE_LEAVER_GRACE_DAYS: how long raw data and leavers are kept. */
  retention: RetentionSettings;
  releaseK: number;
  streamConcurrency: number;
  /** How transient failures are retried: ATTUNE_RETRY_ATTEMPTS per request, the first wait about ATTUNE_RETRY_BASE_MS, doubling. */
  retry: { attemptsPerRequest: number; baseDelayMs: number };
  /** The simulated organisation used when no source is configured. */
  demo: { people: number; weeks: number; seed: number };
  /** What DuckDB may use: ATTUNE_DUCKDB_MEMORY (default 1GiB) and ATTUNE_DUCKDB_THREADS (default: every core). */
  duckdb: DuckDbResources;
  /** ATTUNE_QUERY_TIMEOUT_S: how long one `attune query` may run before it is stopped. */
  queryTimeoutSeconds: number;
  /** SLACK_IDENTITY_MAP: a CSV file of `slackUserId,email` for a Slack export without emails (read by the import). */
  slackIdentityMapFile: string | undefined;
}

/** Reads the configuration from the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, String(parsed.error.issues[0]?.path[0]));
  }
  const e = parsed.data;
  // A weak or malformed key stops every command before anything is created, not only those that use it.
  if (e.ATTUNE_PSEUDONYM_KEY) decodeInstallationSecret(e.ATTUNE_PSEUDONYM_KEY, 'ATTUNE_PSEUDONYM_KEY');
  if (e.ATTUNE_PSEUDONYM_KEY && e.ATTUNE_KEY_FILE) {
    throw new ConfigError('ATTUNE_PSEUDONYM_KEY and ATTUNE_KEY_FILE are both set: give the installation secret one way only (unset one of them)', 'ATTUNE_KEY_FILE');
  }
  if (e.ATTUNE_KEY_FILE) checkKeyFileOutside(e.ATTUNE_KEY_FILE, e.ATTUNE_DATA_DIR);
  if (e.ATTUNE_RETENTION_DAYS < minimumRetentionDays(e.ATTUNE_BACKFILL_DAYS)) {
    throw new ConfigError(
      `ATTUNE_RETENTION_DAYS is ${e.ATTUNE_RETENTION_DAYS}, too short: a run may load events from ATTUNE_BACKFILL_DAYS (${e.ATTUNE_BACKFILL_DAYS}) days back and recomputing their days reads the days before them, so keep at least ${minimumRetentionDays(e.ATTUNE_BACKFILL_DAYS)} days (or lower ATTUNE_BACKFILL_DAYS)`,
      'ATTUNE_RETENTION_DAYS',
    );
  }
  const need = (value: string | undefined) => value ?? '';
  const sources: ConfiguredSources = {
    slack: sourceSettings(e, requiredSettings.slack, () => ({ token: need(e.SLACK_BOT_TOKEN), apiUrl: e.SLACK_API_URL })),
    google: sourceSettings(e, requiredSettings.google, () => ({
      serviceAccountFile: need(e.GOOGLE_SERVICE_ACCOUNT_FILE),
      adminEmail: need(e.GOOGLE_ADMIN_EMAIL),
      apiUrl: e.GOOGLE_API_URL,
    })),
    microsoft: sourceSettings(e, requiredSettings.microsoft, () => ({
      tenantId: need(e.MS_TENANT_ID),
      clientId: need(e.MS_CLIENT_ID),
      clientSecret: need(e.MS_CLIENT_SECRET),
      graphUrl: e.MS_GRAPH_URL,
      loginUrl: e.MS_LOGIN_URL,
    })),
    jira: sourceSettings(e, requiredSettings.jira, () => ({
      host: need(e.JIRA_HOST),
      email: need(e.JIRA_EMAIL),
      apiToken: need(e.JIRA_API_TOKEN),
      identityMapFile: e.JIRA_IDENTITY_MAP,
    })),
  };
  const optionalOnly: [string | undefined, string, keyof ConfiguredSources][] = [
    [e.SLACK_API_URL, 'SLACK_API_URL', 'slack'],
    [e.GOOGLE_API_URL, 'GOOGLE_API_URL', 'google'],
    [e.MS_GRAPH_URL, 'MS_GRAPH_URL', 'microsoft'],
    [e.MS_LOGIN_URL, 'MS_LOGIN_URL', 'microsoft'],
    [e.JIRA_IDENTITY_MAP, 'JIRA_IDENTITY_MAP', 'jira'],
  ];
  for (const [value, name, source] of optionalOnly) {
    if (value !== undefined && !sources[source]) {
      throw new ConfigError(`${name} is set but ${source} is not configured: set ${requiredSettings[source].join(', ')} too`, name, source);
    }
  }
  return {
    dataDir: e.ATTUNE_DATA_DIR,
    pseudonymKey: e.ATTUNE_PSEUDONYM_KEY,
    keyFile: e.ATTUNE_KEY_FILE,
    ingestKey: e.ATTUNE_INGEST_KEY,
    analyticsDir: e.ATTUNE_ANALYTICS_DIR ?? e.ATTUNE_DATA_DIR,
    duckdb: { memory: e.ATTUNE_DUCKDB_MEMORY, threads: e.ATTUNE_DUCKDB_THREADS },
    sources: Object.fromEntries(Object.entries(sources).filter(([, settings]) => settings !== undefined)),
    runAt: e.ATTUNE_RUN_AT ? new Date(e.ATTUNE_RUN_AT) : undefined,
    backfillDays: e.ATTUNE_BACKFILL_DAYS,
    retention: { retentionDays: e.ATTUNE_RETENTION_DAYS, leaverGraceDays: e.ATTUNE_LEAVER_GRACE_DAYS },
    releaseK: e.ATTUNE_RELEASE_K,
    streamConcurrency: e.ATTUNE_STREAM_CONCURRENCY,
    retry: { attemptsPerRequest: e.ATTUNE_RETRY_ATTEMPTS, baseDelayMs: e.ATTUNE_RETRY_BASE_MS },
    demo: { people: e.ATTUNE_DEMO_PEOPLE, weeks: e.ATTUNE_DEMO_WEEKS, seed: e.ATTUNE_DEMO_SEED },
    slackIdentityMapFile: e.SLACK_IDENTITY_MAP,
    queryTimeoutSeconds: e.ATTUNE_QUERY_TIMEOUT_S,
  };
}
