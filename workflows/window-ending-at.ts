import type { RunWindow } from '../models/run-window.ts';
import { dayMs } from '../models/time.ts';

/** The window of `days` days ending at `end` (a run's nominal time), half-open, in UTC. */
export function windowEndingAt(end: Date, days: number): RunWindow {
  return { start: new Date(end.getTime() - days * dayMs).toISOString(), end: end.toISOString() };
}
