import { describe, expect, it } from 'vitest';
import { isWithinWorkingHours, nextWorkingMoment, type WorkingWeek } from '../../transforms/nudges/working-hours.ts';

const newYork: WorkingWeek = { timeZone: 'America/New_York', workDays: [1, 2, 3, 4, 5], workStartMinute: 540, workEndMinute: 1020 };
const at = (iso: string) => new Date(iso);

describe('working hours in the person own time zone', () => {
  it('follows the daylight-saving change: 09:00 in New York is 14:00 UTC before it and 13:00 UTC after', () => {
    // US clocks go forward on Sunday 2026-03-08.
    expect(isWithinWorkingHours(newYork, at('2026-03-06T13:30:00Z'))).toBe(false);
    expect(isWithinWorkingHours(newYork, at('2026-03-06T14:00:00Z'))).toBe(true);
    expect(isWithinWorkingHours(newYork, at('2026-03-09T13:30:00Z'))).toBe(true);
    expect(isWithinWorkingHours(newYork, at('2026-03-09T21:00:00Z'))).toBe(false);
    // From Friday evening, the next working moment is Monday 09:00 EDT, across the weekend and the change.
    expect(nextWorkingMoment(newYork, at('2026-03-06T23:00:00Z'))?.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('keeps a Sunday-to-Thursday week and hours not on the hour, and the autumn change in Europe', () => {
    const riyadh: WorkingWeek = { timeZone: 'Asia/Riyadh', workDays: [7, 1, 2, 3, 4], workStartMinute: 8 * 60 + 30, workEndMinute: 16 * 60 + 30 };
    // Friday 2026-03-06 is a day off; Sunday 08:30 in Riyadh (UTC+3) is 05:30 UTC.
    expect(isWithinWorkingHours(riyadh, at('2026-03-06T07:00:00Z'))).toBe(false);
    expect(nextWorkingMoment(riyadh, at('2026-03-06T07:00:00Z'))?.toISOString()).toBe('2026-03-08T05:30:00.000Z');
    const london: WorkingWeek = { timeZone: 'Europe/London', workDays: [1, 2, 3, 4, 5], workStartMinute: 540, workEndMinute: 1020 };
    // UK clocks go back on Sunday 2026-10-25: 09:00 is 08:00 UTC before, 09:00 UTC after.
    expect(nextWorkingMoment(london, at('2026-10-23T17:00:00Z'))?.toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(isWithinWorkingHours(london, at('2026-10-23T08:30:00Z'))).toBe(true);
    expect(isWithinWorkingHours(london, at('2026-10-26T08:30:00Z'))).toBe(false);
  });

  it('has no next moment for someone without working days', () => {
    expect(nextWorkingMoment({ ...newYork, workDays: [] }, at('2026-03-06T12:00:00Z'))).toBeNull();
  });
});
