const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a JQL date, `yyyy-MM-dd HH:mm`, in `timeZone`: Jira reads JQL dates in the
 * searching user's zone, to the minute. The minute is rounded down.
 */
export function jqlDate(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
