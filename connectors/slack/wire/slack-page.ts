import { z } from 'zod';

/** The cursor envelope of a paginated Slack response; an empty or absent `next_cursor` ends the pages. */
export const SlackPage = z.object({
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
/** The cursor envelope of a paginated Slack response. */
export type SlackPage = z.infer<typeof SlackPage>;
