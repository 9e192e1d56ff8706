import { z } from 'zod';

/** A text setting: trimmed, and undefined when unset or empty. */
export const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** A whole number written in decimal digits only: `0x10`, `1e3`, `16.0` or `+5` are refused, never read as another number. */
const decimalWholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}, in decimal digits`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A whole-number setting from min to max, `fallback` when unset or empty. */
export const wholeNumberSetting = (fallback: number, min: number, max: number) => optionalText.pipe(decimalWholeNumber(min, max).default(fallback));

/** A whole-number setting from min to max, undefined when unset or empty. */
export const optionalWholeNumberSetting = (min: number, max: number) => optionalText.pipe(decimalWholeNumber(min, max).optional());

/** A positive number setting written in decimal (`1`, `0.5`; not `0x1`, `1e3` or `Infinity`) up to max, undefined when unset or empty. */
export const optionalDecimalSetting = (max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a positive decimal number such as 1 or 0.5')
      .transform(Number)
      .pipe(z.number().positive().max(max))
      .optional(),
  );
