import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';
import { Source } from './source.ts';

/** One person's value in one segment dimension (department, location, …), as a directory states it. */
export const SegmentMembership = z.object({
  /** The dimension, e.g. `department`, `location`. */
  dimension: z.string().min(1),
  /** The category within it, e.g. `Engineering`, `Berlin`. */
  value: z.string().min(1),
  person: Pseudonym,
  source: Source,
});
/** One person's value in one segment dimension. */
export type SegmentMembership = z.infer<typeof SegmentMembership>;
