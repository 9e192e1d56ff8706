import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';
import { Source } from './source.ts';

/**
 * A real identity behind a pseudonym. It exists only on its way into the encrypted identity
 * vault: it must never be logged, staged, returned from an activity or written in clear.
 */
export const IdentityRecord = z.object({
  pseudonym: Pseudonym,
  /** Normalised primary email, or null when the source hides it. */
  email: z.string().nullable(),
  sourceIds: z.array(z.object({ source: Source, id: z.string().min(1) })),
});
/** A real identity behind a pseudonym; vault only. */
export type IdentityRecord = z.infer<typeof IdentityRecord>;
