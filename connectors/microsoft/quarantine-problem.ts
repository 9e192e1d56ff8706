import type { z } from 'zod';

/** A schema failure as field paths and issue codes only, never values (they may be content). */
export function quarantineProblem(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`).join('; ');
}
