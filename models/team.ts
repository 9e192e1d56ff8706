import { z } from 'zod';
import { Source } from './source.ts';

/**
 * A team as a source's directory states it, with its parent where there is a hierarchy.
 * Names come from groups, org units and departments, never from a person's name.
 */
export const Team = z.object({
  /** Stable team id, prefixed with its source, e.g. `slack:S0123`, `google:/Engineering/Payments`. */
  team: z.string().min(1),
  teamName: z.string().min(1),
  /** The parent team's id, or null for a top-level team. */
  parent: z.string().min(1).nullable(),
  source: Source,
});
/** A team as a source's directory states it. */
export type Team = z.infer<typeof Team>;
