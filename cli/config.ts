import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const count = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** The environment attune reads, by variable name, so every error names the variable to fix. */
const Environment = z.object({
  ATTUNE_DATA_DIR: optionalText.default('./data'),
  ATTUNE_PSEUDONYM_KEY: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((t) => t === undefined || /^xox[bp]-/.test(t), 'must be a Slack bot token (xoxb-…)'),
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  ATTUNE_RUN_AT: optionalText.pipe(z.iso.datetime({ offset: true }).optional()),
  ATTUNE_BACKFILL_DAYS: count(42, 1, 400),
  ATTUNE_RELEASE_K: count(5, 3, 1000),
  ATTUNE_STREAM_CONCURRENCY: count(4, 1, 64),
  ATTUNE_DEMO_PEOPLE: count(300, 24, 5000),
  ATTUNE_DEMO_WEEKS: count(6, 1, 26),
  ATTUNE_DEMO_SEED: count(1, 0, 2 ** 31),
});

/** Everything a run is configured with, checked before anything is written. */
export interface Config {
  dataDir: string;
  /** The installation secret from ATTUNE_PSEUDONYM_KEY, or undefined to use (or create) the data directory's key file. */
  pseudonymKey: string | undefined;
  /** Slack credentials, or undefined when Slack is not configured. */
  slack: { token: string; apiUrl: string | undefined } | undefined;
  /** The run's nominal time, the end of its window: ATTUNE_RUN_AT, else the moment the run starts. */
  runAt: Date | undefined;
  backfillDays: number;
  releaseK: number;
  streamConcurrency: number;
  /** The simulated organisation used when no source is configured. */
  demo: { people: number; weeks: number; seed: number };
}

/** Reads the configuration from the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, String(parsed.error.issues[0]?.path[0]));
  }
  const e = parsed.data;
  if (e.SLACK_API_URL && !e.SLACK_BOT_TOKEN) {
    throw new ConfigError('SLACK_API_URL is set but SLACK_BOT_TOKEN is not: set the bot token too', 'SLACK_BOT_TOKEN', 'slack');
  }
  return {
    dataDir: e.ATTUNE_DATA_DIR,
    pseudonymKey: e.ATTUNE_PSEUDONYM_KEY,
    slack: e.SLACK_BOT_TOKEN ? { token: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL } : undefined,
    runAt: e.ATTUNE_RUN_AT ? new Date(e.ATTUNE_RUN_AT) : undefined,
    backfillDays: e.ATTUNE_BACKFILL_DAYS,
    releaseK: e.ATTUNE_RELEASE_K,
    streamConcurrency: e.ATTUNE_STREAM_CONCURRENCY,
    demo: { people: e.ATTUNE_DEMO_PEOPLE, weeks: e.ATTUNE_DEMO_WEEKS, seed: e.ATTUNE_DEMO_SEED },
  };
}
