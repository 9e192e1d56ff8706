import type { z } from 'zod';
import { SchemaDriftError } from '../../models/errors.ts';

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Parses a saved stream position with its schema (null before the first read). */
export function parseMicrosoftPosition<T extends z.ZodType>(schema: T, saved: string | null): z.infer<T> | null {
  if (saved === null) return null;
  const parsed = schema.safeParse(json(saved));
  if (!parsed.success) throw new SchemaDriftError('the saved Microsoft stream position is not valid; reset the stream cursor to read it again', 'microsoft');
  return parsed.data;
}
