import { z } from 'zod';
import type { RunWindow } from '../../models/run-window.ts';

/** How far an import has read one channel of an export: every message with a time in [from, to). */
export const SlackExportPosition = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });
/** How far an import has read one channel. */
export type SlackExportPosition = z.infer<typeof SlackExportPosition>;

/** Where a read of `window` starts (ms), and the position it leaves once read up to `to` (ms). */
export interface SlackExportReadPlan {
  from: number;
  next(to: number): string;
}

/** The saved position, or null when there is none or it is not one (an unreadable position only costs a re-read). */
function parse(saved: string | null): SlackExportPosition | null {
  if (saved === null) return null;
  try {
    return SlackExportPosition.parse(JSON.parse(saved));
  } catch {
    return null;
  }
}

/** The positions of the export import's channel streams. */
export const slackExportPosition = {
  /** Whether a saved position covers the window's start, so a read of the window goes on from it instead of starting over. */
  continues(saved: string | null, window: RunWindow): boolean {
    const position = parse(saved);
    return position !== null && Date.parse(position.from) <= Date.parse(window.start) && Date.parse(window.start) <= Date.parse(position.to);
  },
  /**
   * Plans a read of `window` from `saved`: after what is already covered when the saved range
   * covers the window's start, else from the window's start (re-reading is harmless: loads dedup).
   */
  plan(saved: string | null, window: RunWindow): SlackExportReadPlan {
    const position = slackExportPosition.continues(saved, window) ? parse(saved) : null;
    const start = Date.parse(window.start);
    const from = position === null ? start : Math.max(start, Date.parse(position.to));
    const coveredFrom = position?.from ?? window.start;
    return { from, next: (to) => JSON.stringify({ from: coveredFrom, to: new Date(Math.max(from, to)).toISOString() }) };
  },
};
