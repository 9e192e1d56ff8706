import { z } from 'zod';

/** How far a person's Teams messages have been read: the newest lastModifiedDateTime seen. */
export const ChatPosition = z.object({ since: z.iso.datetime({ offset: true }) });
/** How far a person's Teams messages have been read. */
export type ChatPosition = z.infer<typeof ChatPosition>;
