/** Milliseconds in an hour. */
export const hourMs = 3_600_000;
/** Milliseconds in a (UTC) day. */
export const dayMs = 24 * hourMs;

/** The calendar date `days` days after `date` (both 'YYYY-MM-DD'; negative days go back). */
export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}
