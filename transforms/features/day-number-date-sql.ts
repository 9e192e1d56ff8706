/** SQL turning a day number (days since 1970-01-01, an SQL expression) into a DATE. */
export function dayNumberDateSql(dayNumber: string): string {
  return `(DATE '1970-01-01' + (${dayNumber})::INTEGER)`;
}
