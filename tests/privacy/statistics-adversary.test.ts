import { describe, expect, it } from 'vitest';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { insiderKnowledge } from './adversary.ts';
import { adversaryWorld, statisticsValue, statisticsWorld, trueValue } from './adversary-world.ts';
import { releaseWorld, type WorldWeek } from './release-world.ts';
import { homogeneity, orderStatistics, type RankLeak, type StatusLeak } from './statistics-attacks.ts';

const threshold = 180;

/** The rank leaks that are right: the cell's true sorted values hold that value at that rank. */
function rightRanks(leaks: readonly RankLeak[], world: readonly WorldWeek[], valueOf: (person: string) => number): string[] {
  const knowledge = insiderKnowledge(world);
  return leaks
    .filter((l) => {
      const sorted = [...(knowledge.get(l.week)?.get(l.group) ?? [])].map(valueOf).sort((a, b) => a - b);
      return Math.abs(sorted[l.rank - 1]! - l.value) < 1e-6;
    })
    .map((l) => `${l.group}: ${l.insider} learns rank ${l.rank} = ${l.value}`);
}

/** The status leaks that are right, as "person beyond" / "person within". */
const rightStatuses = (leaks: readonly StatusLeak[]) =>
  [...new Set(leaks.filter((l) => l.beyond === statisticsValue(l.person) > threshold).map((l) => `${l.person} ${l.beyond ? 'beyond' : 'within'}`))].sort();

describe('an insider with the mean and the quartiles (order-statistics attack)', () => {
  const world = statisticsWorld();
  it('with quartiles released from k contributors, learns the largest value of a 6-person team from their own', async () => {
    const { cells } = await releaseWorld(world, releasePolicy({ quartilesAndSharesFrom: 5 }));
    const leaks = rightRanks(orderStatistics(cells, insiderKnowledge(world), statisticsValue), world, statisticsValue);
    // T1's values are 200..250: h1, the smallest, holds v1; mean and quartiles give v1 + v6.
    expect(leaks).toContain('T1: h1 learns rank 6 = 250');
  });

  it('with quartiles only from 2k contributors, learns nothing, here or in the four-week organisation', async () => {
    const { cells } = await releaseWorld(world, releasePolicy());
    expect(cells.filter((c) => c.median !== null).length).toBeGreaterThan(0);
    for (const c of cells) if (c.median !== null) expect(c.contributors).toBeGreaterThanOrEqual(10);
    expect(rightRanks(orderStatistics(cells, insiderKnowledge(world), statisticsValue), world, statisticsValue)).toEqual([]);
    const four = adversaryWorld();
    const { cells: fourCells } = await releaseWorld(four, releasePolicy());
    expect(fourCells.filter((c) => c.median !== null).length).toBeGreaterThan(0);
    expect(rightRanks(orderStatistics(fourCells, insiderKnowledge(four), trueValue), four, trueValue)).toEqual([]);
  });
});

describe('an analyst reading shares beyond the nudge threshold (homogeneity attack)', () => {
  const world = statisticsWorld();
  it('with shares in every released cell, learns the side of everyone in the homogeneous small teams', async () => {
    const { cells } = await releaseWorld(world, releasePolicy({ quartilesAndSharesFrom: 5 }));
    const found = rightStatuses(homogeneity(cells, insiderKnowledge(world)));
    for (const p of ['h1', 'h6']) expect(found).toContain(`${p} beyond`);
    for (const p of ['l1', 'l7']) expect(found).toContain(`${p} within`);
  });

  it('with shares only from 2k contributors and audited again with 2k, learns nobody’s side, not even as D1 − T2', async () => {
    const { cells } = await releaseWorld(world, releasePolicy());
    const shares = cells.filter((c) => c.status === 'released' && c.metric === 'after_hours_minutes' && c.shareBeyond !== null);
    expect(shares.map((c) => c.group).sort()).toEqual(['D1', 'D2', 'org']);
    expect(rightStatuses(homogeneity(cells, insiderKnowledge(world)))).toEqual([]);
  });
});
