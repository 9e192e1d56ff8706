import { z } from 'zod';

/** A Calendar user setting, e.g. `timezone`. */
export const GoogleSetting = z.object({ value: z.string() });
