import { z } from 'zod';

/** A page of Directory `users.list`: raw users (each parsed alone) and the next page token. */
export const GoogleUsersPage = z.object({ users: z.array(z.unknown()).optional(), nextPageToken: z.string().min(1).optional() });
