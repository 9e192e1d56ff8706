/**
 * A token bucket: refills at `perMinute` tokens a minute up to `capacity` (never below 1), and
 * starts full. `take` spends a token or says how many whole seconds (≥ 1) to wait for the next one.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;
  private readonly capacity: number;

  constructor(perMinute: number, capacity: number, nowMs: number) {
    this.perMs = perMinute / 60_000;
    this.capacity = Math.max(1, capacity);
    this.tokens = this.capacity;
    this.last = nowMs;
  }

  /** Spends one token if there is one; otherwise returns the whole seconds until one refills. */
  take(nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.tokens = Math.min(this.capacity, this.tokens + (nowMs - this.last) * this.perMs);
    this.last = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.perMs / 1000)) };
  }
}
