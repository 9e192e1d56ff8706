/**
 * Checks a half-open range of local calendar days [from, to) given as YYYY-MM-DD: both real
 * dates, from before to, and with `mondays` both Mondays (ISO week starts). Throws a clear error otherwise.
 */
export function assertDayRange(from: string, to: string, { mondays }: { mondays: boolean }): void {
  for (const day of [from, to]) {
    const parsed = new Date(`${day}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
      throw new Error(`"${day}" is not a calendar day in the form YYYY-MM-DD`);
    }
    if (mondays && parsed.getUTCDay() !== 1) throw new Error(`${day} is not a Monday, so it cannot start an ISO week`);
  }
  if (from >= to) throw new Error(`the range [${from}, ${to}) is empty: it must start before it ends`);
}
