import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrgGroup } from '../../transforms/release/org-group.ts';
import { planRelease, type ReleasedSet } from '../../transforms/release/plan-release.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { releasedMetrics } from '../../transforms/release/released-metrics.ts';
import { countedValues } from '../../transforms/release/member-values.ts';
import { sourceOfToken } from '../../transforms/release/contributor-token.ts';
import { resolveOrganisation } from '../../transforms/release/resolve-organisation.ts';
import { linearCombination, type Knowledge } from './adversary.ts';
import { smallCombinations } from './small-combination-attack.ts';
import { plusDays } from '../../models/time.ts';
import type { AnalystCell } from './release-world.ts';

const metric = releasedMetrics[0]!;

/** A random organisation: a team tree, people in one or two teams, two segment dimensions, and who is active and opted out each week. */
const organisations = fc
  .record({
    k: fc.integer({ min: 3, max: 5 }),
    parents: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
    people: fc.array(
      fc.record({
        team: fc.nat(),
        second: fc.option(fc.nat(), { freq: 4 }),
        location: fc.constantFrom('Berlin', 'Lisbon', 'Remote'),
        level: fc.constantFrom('junior', 'senior'),
        value: fc.integer({ min: 0, max: 900 }),
        // Gone: not in the directory that week (not yet joined, or left).
        weeks: fc.array(fc.constantFrom('active', 'active', 'away', 'opted out', 'gone'), { minLength: 6, maxLength: 6 }),
      }),
      { minLength: 8, maxLength: 40 },
    ),
    weekCount: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ k, parents, people, weekCount }) => {
    const teams = parents.map((p, i) => ({ team: `t${i}`, teamName: `t${i}`, parent: i === 0 ? null : `t${p % i}` }));
    const named = people.map((p, i) => ({ ...p, name: `p${i}` }));
    const weeks = Array.from({ length: weekCount }, (_, w) => plusDays('2024-01-01', 7 * w));
    const organisations = weeks.map((_, w) => {
      const present = named.filter((p) => p.weeks[w] !== 'gone');
      const directory = {
        teams,
        memberships: present.flatMap((p) =>
          [p.team, ...(p.second === null ? [] : [p.second])].map((t) => ({ team: `t${t % teams.length}`, teamName: `t${t % teams.length}`, person: p.name })),
        ),
        segments: present.flatMap((p) => [
          { dimension: 'location', value: p.location, person: p.name },
          { dimension: 'level', value: p.level, person: p.name },
        ]),
      };
      return resolveOrganisation(directory, { teams: [], people: [] });
    });
    return { k, people: named, organisations, weeks };
  });

type World = typeof organisations extends fc.Arbitrary<infer T> ? T : never;

/**
 * Plans the release of a random world with every rule on, the way one release sees it: anyone
 * opted out in any of its weeks is opted out for all of them (a release applies the opt-outs of
 * its day), away people have no value that week, gone people are in no group. Returns the plan and
 * what a worst-case adversary knows: each released cell's exact contributor set (from the sets the
 * plan records for the next release's history), and whose value each contributor enters with (the
 * donor a borrower's token names, which may be an earlier week's donor a held roster kept).
 */
function release(world: World) {
  const organisation = new Map(
    world.weeks.map((week, w) => {
      const org = world.organisations[w]!;
      const members = new Map<string, string[]>();
      for (const m of org.members) members.set(m.group, [...(members.get(m.group) ?? []), m.person]);
      return [week, { groups: org.groups as OrgGroup[], members }];
    }),
  );
  const optedOut = new Set(world.people.filter((p) => p.weeks.slice(0, world.weeks.length).includes('opted out')).map((p) => p.name));
  const values = new Map(
    world.weeks.map((week, w) => [
      week,
      new Map(
        world.people
          .filter((p) => p.weeks[w] === 'active' && !optedOut.has(p.name))
          .map((p) => [p.name, { [metric.column]: p.value } as Record<string, number | null>]),
      ),
    ]),
  );
  const inputs = { weeks: world.weeks, organisation, values, history: new Map<string, ReleasedSet[]>() };
  const plan = planRelease(inputs, releasePolicy({ k: world.k }), [metric]);
  const counted = countedValues(inputs, metric.column, { byMembership: true, k: world.k });
  const knowledge: Knowledge = new Map(world.weeks.map((week) => [week, new Map<string, Set<string>>()]));
  for (const cell of plan.cells.filter((c) => c.status === 'released')) {
    const set = plan.newSets.filter((s) => s.group === cell.group && s.week <= cell.week).at(-1);
    knowledge.get(cell.week)!.set(cell.group, new Set(set?.contributors ?? []));
  }
  // A borrower's token names the donor (a held roster may keep an earlier week's); else the week's own choice of donor.
  const sourceOf = (week: string, token: string) => (sourceOfToken(token) !== token ? sourceOfToken(token) : (counted.get(week)?.source.get(token) ?? token));
  // A group's members with a value, or nobody when none of them has one of their own that week (all away).
  const countedMembers = (week: string, group: string) => {
    const withValue = (organisation.get(week)?.members.get(group) ?? []).filter((p) => counted.get(week)?.source.has(p));
    return withValue.some((p) => counted.get(week)?.own.has(p)) ? withValue : [];
  };
  return { plan, knowledge, sourceOf, optedOut, countedMembers };
}

describe('release rules over random hierarchies and segments', () => {
  // Every member counts (absent ones with their latest value, opted-out ones with a donor's), so
  // "contributors" is the members counted; an opted-out person's value is in no number.
  it('release only cells of at least k contributors, all or none of a segment cut, never an opted-out person’s value', () => {
    fc.assert(
      fc.property(organisations, (world) => {
        const { plan, knowledge, sourceOf, optedOut, countedMembers } = release(world);
        for (const cell of plan.cells) {
          const truth = knowledge.get(cell.week)?.get(cell.group) ?? new Set<string>();
          if (cell.status === 'released') {
            expect(cell.contributors).toBeGreaterThanOrEqual(world.k);
            expect(cell.contributors).toBe(truth.size);
            for (const p of truth) expect(optedOut.has(sourceOf(cell.week, p))).toBe(false);
          } else {
            expect([cell.contributors, cell.mean, cell.median]).toEqual([null, null, null]);
          }
        }
        for (const week of world.weeks) {
          for (const dimension of ['location', 'level']) {
            const statuses = plan.cells.filter((c) => c.week === week && c.dimension === dimension && countedMembers(week, c.group).length > 0);
            expect(new Set(statuses.map((c) => c.status)).size).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never let a group change by 1..k−1 contributors between two of its releases', () => {
    fc.assert(
      fc.property(organisations, (world) => {
        const { plan, knowledge } = release(world);
        const released = plan.cells.filter((c) => c.status === 'released');
        for (const later of released) {
          const earlier = released.filter((c) => c.group === later.group && c.week < later.week).at(-1);
          if (!earlier) continue;
          const [a, b] = [knowledge.get(earlier.week)?.get(earlier.group) ?? new Set(), knowledge.get(later.week)?.get(later.group) ?? new Set()];
          const changed = [...a].filter((p) => !b.has(p)).length + [...b].filter((p) => !a.has(p)).length;
          expect(changed === 0 || changed >= world.k).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  // "Isolates one person": some linear combination (real coefficients) of the released cells'
  // sums equals one person's value, with the adversary knowing every cell's contributors, within a
  // week or across all weeks with each person's value the same every week.
  it('release no linear combination of cells, within a week or across weeks, that isolates one person', () => {
    fc.assert(
      fc.property(organisations, (world) => {
        const { plan, knowledge, sourceOf } = release(world);
        const cells: AnalystCell[] = plan.cells.map((c) => ({ ...c, kind: c.kind, shareBeyond: c.shareBeyond, noiseEpsilon: c.epsilon }));
        expect(linearCombination(cells, knowledge, { acrossWeeks: false, sourceOf })).toEqual([]);
        expect(linearCombination(cells, knowledge, { acrossWeeks: true, sourceOf })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  // The exact solver: no combination of released sums involves fewer than k people (a pair's sum, a
  // difference, one value), with absences, opt-outs and so donors, whose switches (a borrower's first
  // own value, a new donor) would move the sums by the difference of two people's values.
  it('release no combination of cells over all weeks that involves fewer than k people, by an exact solver', () => {
    fc.assert(
      fc.property(organisations, (world) => {
        const { plan, knowledge, sourceOf } = release(world);
        const cells: AnalystCell[] = plan.cells.map((c) => ({ ...c, kind: c.kind, shareBeyond: c.shareBeyond, noiseEpsilon: c.epsilon }));
        expect(smallCombinations(cells, knowledge, { k: world.k, sourceOf })).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  // A share is a mean of 0/1 values: read as one, no combination of released shares may give one
  // person's side of the threshold away either.
  it('publish quartiles and shares only from 2k contributors, and no combination of shares that isolates one person', () => {
    expect(metric.threshold).toBeDefined();
    fc.assert(
      fc.property(organisations, (world) => {
        const { plan, knowledge, sourceOf } = release(world);
        for (const cell of plan.cells.filter((c) => c.median !== null || c.p25 !== null || c.p75 !== null || c.shareBeyond !== null)) {
          expect(cell.contributors).toBeGreaterThanOrEqual(2 * world.k);
        }
        const shares: AnalystCell[] = plan.cells
          .filter((c) => c.shareBeyond !== null)
          .map((c) => ({ ...c, kind: c.kind, mean: c.shareBeyond, shareBeyond: c.shareBeyond, noiseEpsilon: c.epsilon }));
        expect(linearCombination(shares, knowledge, { acrossWeeks: false, sourceOf })).toEqual([]);
        expect(linearCombination(shares, knowledge, { acrossWeeks: true, sourceOf })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
