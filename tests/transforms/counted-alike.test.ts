import { describe, expect, it } from 'vitest';
import { countedValues, sameCountingColumns, type ValueRow, type WeekValues } from '../../transforms/release/member-values.ts';
import type { OrgGroup } from '../../transforms/release/org-group.ts';
import { planRelease, type ReleaseInputs } from '../../transforms/release/plan-release.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { releasedMetrics } from '../../transforms/release/released-metrics.ts';

// planRelease counts once, and decides and records once, for all metrics whose values are present
// in the same rows. A metric with a value missing where another has one (a withheld source) must
// be counted on its own: these tests pin that planning metrics together decides as planning each alone.

const metricOf = (column: string) => releasedMetrics.find((m) => m.column === column)!;
/** Two metrics present in the same rows, and one whose source x1 withholds in the first two weeks. */
const [afterHours, nonWorkingDay, messages] = [metricOf('after_hours_minutes'), metricOf('non_working_day_minutes'), metricOf('messages_sent')];
const weeks = ['2026-10-05', '2026-10-12', '2026-10-19'] as const;
const groups: OrgGroup[] = [
  { group: 'org', kind: 'team', name: 'org', parent: null, dimension: null },
  { group: 'T1', kind: 'team', name: 'T1', parent: 'org', dimension: null },
  { group: 'T2', kind: 'team', name: 'T2', parent: 'org', dimension: null },
];
const t1 = ['x1', ...Array.from({ length: 11 }, (_, i) => `a${i}`)];
const t2 = Array.from({ length: 12 }, (_, i) => `b${i}`);

/** Three weeks of T1 and T2 (b0 leaves T2 after the first week, b11 is away in the second), x1 without messages in weeks 1 and 2. */
function inputs(): ReleaseInputs {
  const values = new Map<string, WeekValues>(
    weeks.map((week, w) => {
      const people = [...t1, ...t2].filter((p) => !(p === 'b0' && w > 0) && !(p === 'b11' && w === 1));
      const rows = people.map((p, i): [string, ValueRow] => [
        p,
        { after_hours_minutes: 100 + 13 * i + w, non_working_day_minutes: 40 + 7 * i, messages_sent: p === 'x1' && w < 2 ? null : 300 + 11 * i },
      ]);
      return [week, new Map(rows)];
    }),
  );
  const organisation = new Map(
    weeks.map((week, w) => [week, { groups, members: new Map([['org', [...t1, ...t2]], ['T1', t1], ['T2', w > 0 ? t2.slice(1) : t2]]) }]),
  );
  return { weeks, organisation, values, history: new Map() };
}

describe('metrics counted alike', () => {
  it('groups the columns by the rows their values are in, carried rows included', () => {
    const given = inputs();
    expect(sameCountingColumns(given, [afterHours.column, messages.column, nonWorkingDay.column])).toEqual([[afterHours.column, nonWorkingDay.column], [messages.column]]);
    const allMessages = { ...given, values: new Map([...given.values].slice(2)) };
    expect(sameCountingColumns(allMessages, [afterHours.column, messages.column])).toEqual([[afterHours.column, messages.column]]);
    const carried = new Map([['x1', { after_hours_minutes: 5, messages_sent: null }]]);
    expect(sameCountingColumns({ ...allMessages, carried }, [afterHours.column, messages.column])).toEqual([[afterHours.column], [messages.column]]);
  });

  it('plans every metric as it plans it alone, though one of them counts a borrower the others count by name', () => {
    const given = inputs();
    // Counted with the other metrics' count, x1 would enter the messages cells with a row that has no messages value.
    const byAfterHours = countedValues(given, afterHours.column, { byMembership: true, k: 5 }).get(weeks[0])!;
    const byMessages = countedValues(given, messages.column, { byMembership: true, k: 5 }).get(weeks[0])!;
    expect(byAfterHours.source.get('x1')).toBe('x1');
    expect(byAfterHours.latest.get('x1')![messages.column]).toBeNull();
    expect(byMessages.source.get('x1')).not.toBe('x1');

    const policy = releasePolicy();
    const metrics = [afterHours, messages, nonWorkingDay];
    const together = planRelease(given, policy, metrics);
    expect(together.cells.filter((c) => c.status === 'released').length).toBeGreaterThan(0);
    for (const metric of metrics) {
      const alone = planRelease(given, policy, [metric]);
      expect(together.cells.filter((c) => c.metric === metric.column)).toEqual(alone.cells);
      expect(together.newSets.filter((s) => s.metric === metric.column)).toEqual(alone.newSets);
    }
    // The borrower's token shows in the messages sets only.
    const tokens = (column: string) => together.newSets.filter((s) => s.metric === column).flatMap((s) => s.contributors);
    expect(tokens(messages.column).some((t) => t.startsWith('x1<'))).toBe(true);
    expect(tokens(afterHours.column).some((t) => t.startsWith('x1<'))).toBe(false);
  });

  it('gives each metric its own latest values when a week between those released splits the count but not the signature', () => {
    // Weeks 1 and 3 are released here; week 2 (released before) only carries values forward. a0 has no
    // non-working-day value in week 2 and no row in week 3: both metrics count a0 by name in week 3
    // (same signature), but a0's latest row is week 2's for after-hours and week 1's for non-working days.
    const team = Array.from({ length: 12 }, (_, i) => `a${i}`);
    const values = new Map<string, WeekValues>(
      weeks.map((week, w) => [
        week,
        new Map(
          team
            .filter((p) => !(p === 'a0' && w === 2))
            .map((p, i): [string, ValueRow] => [p, { after_hours_minutes: 100 + 13 * i + w, non_working_day_minutes: p === 'a0' && w === 1 ? null : 40 + 7 * i + w }]),
        ),
      ]),
    );
    const released = [weeks[0], weeks[2]];
    const organisation = new Map(released.map((week) => [week, { groups: [groups[1]!], members: new Map([['T1', team]]) }]));
    const given: ReleaseInputs = { weeks: released, organisation, values, history: new Map() };
    expect(sameCountingColumns(given, [afterHours.column, nonWorkingDay.column])).toEqual([[afterHours.column], [nonWorkingDay.column]]);
    const policy = releasePolicy();
    const together = planRelease(given, policy, [afterHours, nonWorkingDay]);
    const alone = planRelease(given, policy, [nonWorkingDay]);
    expect(alone.cells.map((c) => c.status)).toEqual(['released', 'released']);
    // Read from after-hours' latest rows, a0 entered week 3 with week 2's missing value (a mean 40 / 12 lower).
    expect(together.cells.filter((c) => c.metric === nonWorkingDay.column)).toEqual(alone.cells);
  });
});
