import { z } from 'zod';

/** The workspace APIs attune reads from. */
export const Source = z.enum(['slack', 'jira', 'google', 'microsoft']);
/** One of the workspace APIs attune reads from. */
export type Source = z.infer<typeof Source>;
