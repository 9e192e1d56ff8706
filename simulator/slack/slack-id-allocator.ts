import type { Random } from '../random.ts';

/** Hands out unique Slack-style ids: a type letter (U, B, C, S, T, F, A) and 8 uppercase base-36 characters. */
export class SlackIdAllocator {
  private readonly used = new Set<string>();

  /** A fresh id with `prefix`, drawn from `random` (redrawn on the rare collision). */
  next(prefix: string, random: Random): string {
    for (;;) {
      const id = `${prefix}${random.base36(8)}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
