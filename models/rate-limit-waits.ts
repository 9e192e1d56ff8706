/**
 * The waits before requests to a source, by cause: how many and how long in all. Counts and
 * durations only, so they may be kept per source and stream kind (never per stream: a stream id can
 * hold a pseudonym).
 */
export interface RateLimitWaits {
  /** Waits behind a pause the server asked for (a 429, or a Retry-After on a 5xx). */
  throttled: number;
  throttledMs: number;
  /** Waits of the rate limiter's own pacing, keeping within the vendor's budget. */
  paced: number;
  pacedMs: number;
}

/** The waits of every stream of one kind of a source in one run. */
export interface StreamKindWaits extends RateLimitWaits {
  /** As streamKindOf names it. */
  kind: string;
}

/** No wait at all. */
export const noRateLimitWaits: RateLimitWaits = { throttled: 0, throttledMs: 0, paced: 0, pacedMs: 0 };

/** The waits of `a` and `b` together. */
export function addRateLimitWaits(a: RateLimitWaits, b: RateLimitWaits): RateLimitWaits {
  return { throttled: a.throttled + b.throttled, throttledMs: a.throttledMs + b.throttledMs, paced: a.paced + b.paced, pacedMs: a.pacedMs + b.pacedMs };
}

/**
 * A stream id's kind, without the rest of the id (which may hold a pseudonym): its prefix before
 * `:` (`project`, `calendar`, `chat`, `export`), else `channel` for Slack's and `calendar` for
 * Google's plain ids. The private store's status query (store/read-status.ts) names kinds the same way in SQL.
 */
export function streamKindOf(source: string, stream: string): string {
  const colon = stream.indexOf(':');
  if (colon >= 0) return stream.slice(0, colon);
  return source === 'slack' ? 'channel' : source === 'google' ? 'calendar' : 'stream';
}

/** `kinds` with `waits` added to `kind`'s entry (made when missing), in kind order: a kind read without waiting is listed with zeros. */
export function addStreamKindWaits(kinds: readonly StreamKindWaits[], kind: string, waits: RateLimitWaits): StreamKindWaits[] {
  const before = kinds.find((k) => k.kind === kind) ?? { kind, ...noRateLimitWaits };
  const added = { kind, ...addRateLimitWaits(before, waits) };
  return [...kinds.filter((k) => k.kind !== kind), added].sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
}
