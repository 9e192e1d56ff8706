import { z } from 'zod';

/** A half-open time window [start, end) in UTC, as ISO-8601 strings so it crosses workflow history unchanged. */
export const RunWindow = z
  .object({ start: z.iso.datetime(), end: z.iso.datetime() })
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), 'a window must start before it ends');
/** A half-open time window [start, end) in UTC. */
export type RunWindow = z.infer<typeof RunWindow>;
