import { AsyncLocalStorage } from 'node:async_hooks';
import { addRateLimitWaits, noRateLimitWaits, type RateLimitWaits } from '../../models/rate-limit-waits.ts';
import type { SourceConnector } from '../source-connector.ts';

/** Why a rate limiter held a request back: a pause the server asked for, or its own pacing. */
export type WaitCause = 'throttled' | 'paced';

/** The waits counted for the stream read whose asynchronous calls are running. */
const counting = new AsyncLocalStorage<{ waits: RateLimitWaits }>();

/**
 * Adds one wait of `ms` to the count of the stream read (see withRateLimitWaits) this call is part
 * of, if any; the rate limiter calls it after each wait. A wait of 0 ms is no wait.
 */
export function recordRateLimitWait(cause: WaitCause, ms: number): void {
  const current = counting.getStore();
  if (current === undefined || !(ms > 0)) return;
  const wait = cause === 'throttled' ? { ...noRateLimitWaits, throttled: 1, throttledMs: ms } : { ...noRateLimitWaits, paced: 1, pacedMs: ms };
  current.waits = addRateLimitWaits(current.waits, wait);
}

/**
 * `connector` whose every stream read reports, in its batch's `rateLimitWaits`, the waits its own
 * requests had in the connector's rate limiters. Reads running at once are counted apart (the count
 * follows each read's asynchronous calls), so a pause the server asked for after one read's request
 * counts for every read whose request it held back.
 */
export function withRateLimitWaits(connector: SourceConnector): SourceConnector {
  return {
    source: connector.source,
    checkAccess: () => connector.checkAccess(),
    readDirectory: () => connector.readDirectory(),
    listStreams: () => connector.listStreams(),
    requestsMade: () => connector.requestsMade(),
    async fetchStream(stream, position, window, stage) {
      const read = { waits: noRateLimitWaits };
      const batch = await counting.run(read, () => connector.fetchStream(stream, position, window, stage));
      return { ...batch, rateLimitWaits: read.waits };
    },
  };
}
