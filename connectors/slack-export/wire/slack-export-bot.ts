import { z } from 'zod';

/** A bot member of an export's users.json, allow-listed to its id and user name (people never parse as one). */
export const SlackExportBot = z.object({
  id: z.string().min(1),
  is_bot: z.literal(true),
  deleted: z.boolean().optional(),
  name: z.string(),
});
/** A bot member of an export. */
export type SlackExportBot = z.infer<typeof SlackExportBot>;
