import { ApplicationFailure } from '@temporalio/common';
import { AttuneError, RateLimitedError } from '../models/errors.ts';

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
