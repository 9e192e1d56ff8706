import type { Source } from './source.ts';

/**
 * The closed error taxonomy of architecture.md. Every failure attune raises is one of these,
 * and the category alone decides what happens next:
 * - auth, config: stop this source with a message naming the setting to fix; never retried
 * - rate_limited: retry after the server's delay
 * - transient: retry with backoff
 * - schema_drift: quarantine the record, count it, go on
 */
export type ErrorCategory = 'auth' | 'config' | 'rate_limited' | 'transient' | 'schema_drift';

/** Base class of every error attune raises on purpose. Messages never carry content or identities. */
export abstract class AttuneError extends Error {
  abstract readonly category: ErrorCategory;
  constructor(
    message: string,
    readonly source: Source | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Credentials were refused. `setting` names what the admin must fix. */
export class AuthError extends AttuneError {
  readonly category = 'auth';
  constructor(
    message: string,
    readonly setting: string,
    source: Source | null = null,
  ) {
    super(message, source);
  }
}

/** Configuration is missing, malformed or not allowed by the source. `setting` names the field. */
export class ConfigError extends AttuneError {
  readonly category = 'config';
  constructor(
    message: string,
    readonly setting: string,
    source: Source | null = null,
  ) {
    super(message, source);
  }
}

/** The server asked us to slow down; retry no sooner than `retryAfterMs`. */
export class RateLimitedError extends AttuneError {
  readonly category = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    source: Source | null = null,
  ) {
    super(message, source);
  }
}

/** How a transient failure may be retried: after the server's delay, if it named one; not again when the vendor's client already retried it. */
export interface TransientRetry {
  /** The server's `Retry-After`, ms, or null. */
  retryAfterMs?: number | null;
  /** True when the vendor's own retry handler already spent the attempts on it. */
  retriedByClient?: boolean;
}

/** A failure that may pass: network, 5xx, timeouts. Retry with backoff. */
export class TransientError extends AttuneError {
  readonly category = 'transient';
  readonly retryAfterMs: number | null;
  readonly retriedByClient: boolean;
  constructor(message: string, source: Source | null = null, retry: TransientRetry = {}) {
    super(message, source);
    this.retryAfterMs = retry.retryAfterMs ?? null;
    this.retriedByClient = retry.retriedByClient ?? false;
  }
}

/** A record or response did not match its schema. Quarantine it and go on. */
export class SchemaDriftError extends AttuneError {
  readonly category = 'schema_drift';
}
