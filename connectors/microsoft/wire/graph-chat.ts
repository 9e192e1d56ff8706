import { z } from 'zod';

/** A Teams chat with `$expand=members`, allow-listed: no topic, member names only as ids and emails. */
export const GraphChat = z.object({
  id: z.string().min(1),
  chatType: z.string(),
  members: z.array(z.object({ userId: z.string().nullish(), email: z.string().nullish() })).nullish(),
});
/** A Teams chat, allow-listed. */
export type GraphChat = z.infer<typeof GraphChat>;
