import { localTime } from '../local-time.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Jira's wire form of instants: `2024-01-15T10:30:00.000+0100`, in the requesting user's zone
 * (offset without a colon), and JQL's `"yyyy-MM-dd HH:mm"`, read in that zone too.
 */
export const jiraTime = {
  /** An instant (UTC ms) as Jira writes it for a user in `timeZone`. */
  format(ms: number, timeZone: string): string {
    const offset = localTime.offsetMinutes(timeZone, ms);
    const wall = new Date(ms + offset * 60_000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
    const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}.${pad(wall.getUTCMilliseconds(), 3)}`;
    return `${date}T${time}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  },

  /** A JQL date (`yyyy-MM-dd` or `yyyy-MM-dd HH:mm`) read in `timeZone`, as UTC ms; null when malformed. */
  parseJql(value: string, timeZone: string): number | null {
    const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(value.trim());
    if (!m) return null;
    const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
    return localTime.toUtc(timeZone, { year, month, day }, hour * 60 + minute);
  },
};
