import { z } from 'zod';
import { SchemaDriftError } from '../../models/errors.ts';

/**
 * How far one calendar has been read: Calendar's opaque sync token, and the window end the
 * events were taken up to (later instances that have not changed since are listed by time next run).
 */
export const GooglePosition = z.object({ syncToken: z.string().min(1), through: z.iso.datetime() });
/** How far one calendar has been read. */
export type GooglePosition = z.infer<typeof GooglePosition>;

/** Parses a saved position (null before the first read). */
export function parseGooglePosition(saved: string | null): GooglePosition | null {
  if (saved === null) return null;
  try {
    return GooglePosition.parse(JSON.parse(saved));
  } catch {
    throw new SchemaDriftError('the saved Google calendar position is not valid; reset the calendar cursor to read it again', 'google');
  }
}
