import { z } from 'zod';
import { SchemaDriftError } from '../../models/errors.ts';

/**
 * How far the issues stream has been read: every record (changelog history, worklog, comment) that
 * became visible before `from` is read, and so are those at exactly `from` whose keys are in `skip`
 * (`h:<id>`, `w:<id>`, `c:<id>`: Jira's own record ids, no personal data). Records with the same
 * instant are neither lost nor repeated.
 */
export const JiraPosition = z.object({
  from: z.iso.datetime(),
  skip: z.array(z.string().regex(/^[hwc]:\d+$/)),
});
/** How far the issues stream has been read. */
export type JiraPosition = z.infer<typeof JiraPosition>;

/** Parses a saved position (null before the first read). */
export function parseJiraPosition(saved: string | null): JiraPosition | null {
  if (saved === null) return null;
  try {
    return JiraPosition.parse(JSON.parse(saved));
  } catch {
    throw new SchemaDriftError('the saved Jira issues position is not valid; reset the stream cursor to read it again', 'jira');
  }
}
