import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { AttuneError, ConfigError, RateLimitedError } from '../models/errors.ts';

const notRetryable = new Set(['auth', 'config', 'schema_drift']);

/**
 * The one place attune's error taxonomy becomes Temporal failures, typed by category (which
 * `failureOf` reads back): auth, config and schema drift are not retryable (a retry would
 * fail the same way); rate limits are retried after the vendor's delay; transient errors are
 * retried with the activity's backoff. Anything else is left to the SDK (retryable).
 */
export function toTemporalFailure(error: unknown): unknown {
  if (!(error instanceof AttuneError)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: error.category,
    nonRetryable: notRetryable.has(error.category),
    nextRetryDelay: error instanceof RateLimitedError ? Math.max(1, Math.ceil(error.retryAfterMs)) : undefined,
  });
}

type AsyncFunctions = Record<string, (input: never) => Promise<unknown>>;

/** How a worker wraps one activity call and the activity's own cancellation. */
interface TemporalActivityOptions {
  /** How often a running activity heartbeats, ms; none: it heartbeats only through its checkpoint. */
  keepAliveMs?: number;
  /** The ingest worker's key fingerprint, which each input must carry. */
  ingestKeyFingerprint?: string;
  /** Runs the call with the activity's cancellation signal reaching its HTTP requests (the connectors' withCancellation). */
  cancelRequests?: <T>(signal: AbortSignal, work: () => Promise<T>) => Promise<T>;
}

/**
 * The same activities for a Temporal worker: each one's errors leave it as Temporal failures (see
 * toTemporalFailure). With `ingestKeyFingerprint` (the ingest worker's), an input carrying another
 * fingerprint, or none, fails at once, not retried, naming ATTUNE_INGEST_KEY: this worker would
 * pseudonymise people apart from the rest of the installation. With `cancelRequests`, the activity's
 * cancellation reaches every request it sends: a cancelled activity closes its sockets at once. With
 * `keepAliveMs` each heartbeats that often while it runs, so a
 * worker that died is noticed within the heartbeat timeout instead of the activity's whole
 * start-to-close timeout, and a cancellation reaches the activity's context. The keep-alive
 * repeats the details the attempt started with: only for activities that save no checkpoint of
 * their own (the store worker's; a fetch keeps itself alive through its checkpoint).
 */
export function withTemporalFailures<A extends AsyncFunctions>(
  activities: A,
  { keepAliveMs, ingestKeyFingerprint, cancelRequests }: TemporalActivityOptions = {},
): A {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (input: never) => {
      const context = keepAliveMs === undefined && cancelRequests === undefined ? null : Context.current();
      const timer = context && keepAliveMs !== undefined ? setInterval(() => context.heartbeat(context.info.heartbeatDetails), keepAliveMs) : null;
      try {
        if (ingestKeyFingerprint !== undefined && (input as { ingestKeyFingerprint?: string }).ingestKeyFingerprint !== ingestKeyFingerprint) {
          throw new ConfigError(
            'this ingest worker holds other keys than the installation that started the run (their fingerprints differ): set ATTUNE_INGEST_KEY to the output of attune keys ingest-key on the host holding the installation secret',
            'ATTUNE_INGEST_KEY',
          );
        }
        return await (context && cancelRequests ? cancelRequests(context.cancellationSignal, () => activity(input)) : activity(input));
      } catch (error) {
        throw toTemporalFailure(error);
      } finally {
        if (timer) clearInterval(timer);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as A;
}
