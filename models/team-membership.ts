import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';
import { Source } from './source.ts';

/** One person's membership of one team, as a source's directory states it. */
export const TeamMembership = z.object({
  /** Stable team id, prefixed with its source, e.g. `slack:S0123`. */
  team: z.string().min(1),
  /** The team's display name, e.g. "Payments". Never a person's name. */
  teamName: z.string().min(1),
  person: Pseudonym,
  source: Source,
});
/** One person's membership of one team. */
export type TeamMembership = z.infer<typeof TeamMembership>;
