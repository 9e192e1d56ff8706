import { describe, expect, it } from 'vitest';
import { graphWorkingHours } from '../../../connectors/microsoft/graph-working-hours.ts';
import { ianaTimeZoneOf } from '../../../connectors/microsoft/windows-time-zone.ts';
import { knownTimeZone } from '../../../models/known-time-zone.ts';

describe('Windows time zone names', () => {
  it('maps common Windows names (any case) and known IANA names, and nothing else', () => {
    expect(ianaTimeZoneOf('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaTimeZoneOf('pacific standard time')).toBe('America/Los_Angeles');
    expect(ianaTimeZoneOf('Pacific Standard Time (Mexico)')).toBe('America/Tijuana');
    expect(ianaTimeZoneOf('India Standard Time')).toBe('Asia/Kolkata');
    expect(ianaTimeZoneOf('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(ianaTimeZoneOf('UTC')).toBe('UTC');
    for (const unknown of ['Customized Time Zone', 'Mars Standard Time', '', null, undefined, '../etc/passwd']) expect(ianaTimeZoneOf(unknown)).toBeNull();
  });

  it('maps every Windows name of its table to a zone this runtime knows', () => {
    const names = ['Dateline Standard Time', 'Hawaiian Standard Time', 'E. South America Standard Time', 'FLE Standard Time', 'Nepal Standard Time', 'Line Islands Standard Time', 'AUS Eastern Standard Time', 'US Eastern Standard Time'];
    for (const name of names) expect(knownTimeZone(ianaTimeZoneOf(name)), name).not.toBeNull();
  });
});

describe('mailbox working hours', () => {
  const at = Date.parse('2026-01-15T12:00:00Z');
  it('keeps hours stated in the person’s own zone', () => {
    const hours = graphWorkingHours({ daysOfWeek: ['monday', 'tuesday', 'friday'], startTime: '08:30:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'Tokyo Standard Time' } }, 'Asia/Tokyo', at);
    expect(hours).toEqual({ workDays: [1, 2, 5], workStartMinute: 510, workEndMinute: 1020 });
  });

  it('moves hours stated in another zone into the person’s zone, days included when midnight is crossed', () => {
    const utc = graphWorkingHours({ daysOfWeek: ['monday'], startTime: '03:30:00', endTime: '12:00:00', timeZone: { name: 'UTC' } }, 'Asia/Kolkata', at);
    expect(utc).toEqual({ workDays: [1], workStartMinute: 9 * 60, workEndMinute: 17 * 60 + 30 });
    const late = graphWorkingHours({ daysOfWeek: ['friday'], startTime: '23:00:00', endTime: '23:30:00', timeZone: { name: 'UTC' } }, 'Asia/Tokyo', at);
    expect(late).toEqual({ workDays: [6], workStartMinute: 8 * 60, workEndMinute: 8 * 60 + 30 });
  });

  it('says nothing for hours without days or with an end before the start', () => {
    expect(graphWorkingHours({ daysOfWeek: [], startTime: '09:00:00', endTime: '17:00:00' }, 'UTC', at)).toBeNull();
    expect(graphWorkingHours({ daysOfWeek: ['monday'], startTime: '17:00:00', endTime: '09:00:00' }, 'UTC', at)).toBeNull();
  });
});
