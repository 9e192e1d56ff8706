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

/** Around the Earth: how far a JQL date written in UTC may be read off when the API user's zone is unknown. */
const unknownZoneMarginMs = 14 * 3_600_000;

/**
 * A JQL date that Jira reads at or before the instant: in the API user's zone, or, when that is
 * unknown (null), written in UTC 14 hours earlier, whatever zone Jira reads it in.
 */
export function jqlDateAtOrBefore(ms: number, timeZone: string | null): string {
  return timeZone === null ? jqlDate(ms - unknownZoneMarginMs, 'UTC') : jqlDate(ms, timeZone);
}
