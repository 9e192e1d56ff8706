/**
 * A strict sliding window: at most `limit` accepted requests in any `windowMs` (a refused one
 * does not count), no burst beyond it. `take` accepts a request or says how many whole seconds
 * (≥ 1) until the oldest accepted one leaves the window. Same shape as TokenBucket's.
 */
export class SlidingWindow {
  /** Times of the accepted requests still in the window, ascending. */
  private readonly accepted: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Accepts a request at `nowMs` if the window has room; otherwise returns the whole seconds to wait. */
  take(nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    while (this.accepted.length > 0 && (this.accepted[0] as number) <= nowMs - this.windowMs) this.accepted.shift();
    if (this.accepted.length < this.limit) {
      this.accepted.push(nowMs);
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((this.accepted[0] as number) + this.windowMs - nowMs) / 1000)) };
  }
}
