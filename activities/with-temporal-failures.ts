import { Context } from '@temporalio/activity';
import { ConfigError } from '../models/errors.ts';
import { toTemporalFailure } from './to-temporal-failure.ts';

type AsyncFunctions = Record<string, (input: never) => Promise<unknown>>;

/**
 * The same activities for a Temporal worker: each one's errors leave it as Temporal failures (see
 * toTemporalFailure). With `ingestKeyFingerprint` (the ingest worker's), an input carrying another
 * fingerprint, or none, fails at once, not retried, naming ATTUNE_INGEST_KEY: this worker would
 * pseudonymise people apart from the rest of the installation. With `keepAliveMs` each heartbeats that often while it runs, so a
 * worker that died is noticed within the heartbeat timeout instead of the activity's whole
 * start-to-close timeout, and a cancellation reaches the activity's context. The keep-alive
 * repeats the details the attempt started with: only for activities that save no checkpoint of
 * their own (the store worker's; a fetch keeps itself alive through its checkpoint).
 */
export function withTemporalFailures<A extends AsyncFunctions>(
  activities: A,
  { keepAliveMs, ingestKeyFingerprint }: { keepAliveMs?: number; ingestKeyFingerprint?: string } = {},
): A {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (input: never) => {
      const context = keepAliveMs === undefined ? null : Context.current();
      const timer = context && setInterval(() => context.heartbeat(context.info.heartbeatDetails), keepAliveMs);
      try {
        if (ingestKeyFingerprint !== undefined && (input as { ingestKeyFingerprint?: string }).ingestKeyFingerprint !== ingestKeyFingerprint) {
          throw new ConfigError(
            'this ingest worker holds other keys than the installation that started the run (their fingerprints differ): set ATTUNE_INGEST_KEY to the output of attune keys ingest-key on the host holding the installation secret',
            'ATTUNE_INGEST_KEY',
          );
        }
        return await activity(input);
      } catch (error) {
        throw toTemporalFailure(error);
      } finally {
        if (timer) clearInterval(timer);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as A;
}
