import { describe, expect, it } from 'vitest';
import { completeWeeksOf, localDaysOf, RunWindow } from '../../models/run-window.ts';

describe('run windows', () => {
  it('rejects a window that ends before it starts', () => {
    expect(RunWindow.safeParse({ start: '2026-11-02T00:00:00Z', end: '2026-11-01T00:00:00Z' }).success).toBe(false);
  });

  it.each([
    // Monday 10:50 to Monday 10:50: the first and the last week are partial somewhere on Earth.
    ['2026-10-12T10:50:00Z', '2026-11-23T10:50:00Z', '2026-10-19', '2026-11-16'],
    // Ending Monday 12:00 UTC: Sunday has ended even at UTC−12, so the last week is complete.
    ['2026-10-12T10:00:00Z', '2026-11-23T12:00:00Z', '2026-10-19', '2026-11-23'],
    // Starting Sunday 10:00 UTC: Monday has begun nowhere yet (UTC+14 is at midnight), so the week counts.
    ['2026-10-11T10:00:00Z', '2026-10-19T12:00:00Z', '2026-10-12', '2026-10-19'],
    // Too short for any whole week.
    ['2026-10-13T00:00:00Z', '2026-10-19T00:00:00Z', '2026-10-19', '2026-10-19'],
  ])('complete weeks of [%s, %s) are [%s, %s)', (start, end, from, to) => {
    expect(completeWeeksOf({ start, end })).toEqual({ from, to });
  });

  it('local days reach one day beyond the UTC window on each side', () => {
    expect(localDaysOf({ start: '2026-10-12T10:50:00Z', end: '2026-10-14T10:50:00Z' })).toEqual({ from: '2026-10-11', to: '2026-10-16' });
  });
});
