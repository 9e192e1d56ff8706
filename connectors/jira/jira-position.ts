import { z } from 'zod';
import { SchemaDriftError } from '../../models/errors.ts';

/**
 * How far a project's issues have been read: records are read from `origin` (the first read's
 * start) on; every issue whose `updated` lay before `searchedTo` when searched has been read whole
 * (its records up to then); `issues` are the ids of the issues read (Jira's own ids, no personal
 * data), to tell which were deleted since.
 */
export const JiraPosition = z.object({
  origin: z.iso.datetime(),
  searchedTo: z.iso.datetime(),
  issues: z.array(z.string().regex(/^\d+$/)),
});
/** How far a project's issues have been read. */
export type JiraPosition = z.infer<typeof JiraPosition>;

/** A position saved before bounded searches: every record visible before `from` was read. */
const HighWaterMark = z.object({ from: z.iso.datetime() });

/** Parses a saved position (null before the first read); an older high-water mark reads on from its instant. */
export function parseJiraPosition(saved: string | null): JiraPosition | null {
  if (saved === null) return null;
  try {
    const json: unknown = JSON.parse(saved);
    const older = HighWaterMark.safeParse(json);
    if (older.success && !JiraPosition.safeParse(json).success) return { origin: older.data.from, searchedTo: older.data.from, issues: [] };
    return JiraPosition.parse(json);
  } catch {
    throw new SchemaDriftError('the saved Jira issues position is not valid; reset the stream cursor to read it again', 'jira');
  }
}
