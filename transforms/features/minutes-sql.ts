/** SQL rounding a number of milliseconds (an SQL expression, NULL counting as 0) to whole minutes. */
export function minutesSql(milliseconds: string): string {
  return `coalesce(round(${milliseconds} / 60000.0), 0)::INTEGER`;
}
