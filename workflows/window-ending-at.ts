import type { RunWindow } from '../models/run-window.ts';

/** The window of `days` days ending at `end` (a run's nominal time), half-open, in UTC. */
export function windowEndingAt(end: Date, days: number): RunWindow {
  return { start: new Date(end.getTime() - days * 86_400_000).toISOString(), end: end.toISOString() };
}
