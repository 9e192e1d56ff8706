import { localTime } from '../local-time.ts';

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** Calendar's RFC 3339 wall-clock form of an instant in a zone, e.g. `2026-02-10T09:30:00+01:00`. */
export function googleDateTime(instantMs: number, timeZone: string): string {
  const offset = localTime.offsetMinutes(timeZone, instantMs);
  const { date, minute } = localTime.fromUtc(timeZone, instantMs);
  const seconds = Math.floor((instantMs % 60_000) / 1000);
  const sign = offset < 0 ? '-' : '+';
  return `${localTime.iso(date)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(seconds)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
