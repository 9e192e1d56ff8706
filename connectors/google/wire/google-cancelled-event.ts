import { z } from 'zod';

/** A cancelled Calendar instance: Calendar sends little more than its id. */
export const GoogleCancelledEvent = z.object({ id: z.string().min(1), status: z.literal('cancelled') });
