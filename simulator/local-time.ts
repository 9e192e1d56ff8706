/** A calendar date in some time zone, without a time. */
export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC in minutes at an instant, memoised per zone and UTC hour. */
function offsetMinutes(timeZone: string, instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const at = hour * HOUR_MS;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(at))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  const offset = Math.round((wall - at) / 60_000);
  offsetCache.set(key, offset);
  return offset;
}

/**
 * Wall-clock arithmetic in IANA time zones: local date and minute to a UTC instant and back,
 * the zone's offset, ISO weekdays. Offsets are memoised, so generating many messages stays cheap.
 */
export const localTime = {
  /** The zone's offset from UTC in minutes at an instant. */
  offsetMinutes,

  /** The UTC instant (ms) of `minute` minutes after local midnight of `date` in `timeZone`. */
  toUtc(timeZone: string, date: LocalDate, minute: number): number {
    const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * 60_000;
    const first = wall - offsetMinutes(timeZone, wall) * 60_000;
    return wall - offsetMinutes(timeZone, first) * 60_000;
  },

  /** The local date, minute of the day and ISO weekday (1 = Monday) of an instant in `timeZone`. */
  fromUtc(timeZone: string, instantMs: number): { date: LocalDate; minute: number; weekday: number } {
    const wall = new Date(instantMs + offsetMinutes(timeZone, instantMs) * 60_000);
    return {
      date: { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() },
      minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
      weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
    };
  },

  /** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
  weekday(date: LocalDate): number {
    const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    return d === 0 ? 7 : d;
  },

  /** The calendar date `days` after `date`. */
  addDays(date: LocalDate, days: number): LocalDate {
    const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  },

  /** `YYYY-MM-DD`. */
  iso(date: LocalDate): string {
    return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  },
};
