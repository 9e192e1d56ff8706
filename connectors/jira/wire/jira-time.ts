import { z } from 'zod';

/** Jira's instant form, `2024-01-15T10:30:00.000+0000` (offset without a colon; a colon is accepted too). */
const pattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)([+-]\d{2}):?(\d{2})$/;

/** A Jira timestamp, parsed to UTC milliseconds; anything else fails the schema. */
export const JiraTime = z
  .string()
  .regex(pattern)
  .transform((value, ctx) => {
    const m = pattern.exec(value) as RegExpExecArray;
    const ms = Date.parse(`${m[1]}${m[2]}:${m[3]}`);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a valid instant' });
      return z.NEVER;
    }
    return ms;
  });
/** A Jira timestamp as UTC milliseconds. */
export type JiraTime = z.infer<typeof JiraTime>;
