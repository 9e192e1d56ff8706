import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admittedCells, ReleasedSpan, revealingCombination } from '../../transforms/release/revealing-combinations.ts';
import { rankOf } from '../privacy/small-combination-attack.ts';
import { Random } from '../../simulator/random.ts';

/** The cell × person incidence matrix. */
/** The cell × person weight matrix (a person listed m times in a cell weighs m there). */
const incidence = (cells: readonly (readonly number[])[], people: number) => cells.map((cell) => Array.from({ length: people }, (_, p) => cell.filter((q) => q === p).length));

/**
 * By brute force: is there a set S of fewer than k people such that some combination of the cells
 * involves only people of S? Exactly when deleting S's columns lowers the rank.
 */
function bruteForceReveals(cells: readonly (readonly number[])[], people: number, k: number, fixed = 0): boolean {
  const full = incidence(cells, people);
  const rank = rankOf(full);
  const historic = full.slice(0, fixed);
  const historicRank = fixed === 0 ? 0 : rankOf(historic);
  const sets = (from: number, chosen: number[]): number[][] =>
    chosen.length === k - 1 ? [chosen] : [chosen, ...Array.from({ length: people - from }, (_, i) => sets(from + i + 1, [...chosen, from + i])).flat()];
  return sets(0, [])
    .filter((s) => s.length > 0)
    .some((s) => {
      const keep = (rows: number[][]) => rows.map((row) => row.filter((_, p) => !s.includes(p)));
      // A combination within S exists in all cells but not already in the fixed ones alone.
      const newInAll = rank - rankOf(keep(full));
      const inFixed = fixed === 0 ? 0 : historicRank - rankOf(keep(historic));
      return newInAll > inFixed;
    });
}

/**
 * Weekly releases of `people` people in `teams` teams (two move team each week) and three fixed
 * location segments, plus two unions of teams: each week's cells decided by admittedCells against
 * the sets admitted in earlier weeks. Returns the history, and the last week's cells and those of them admitted.
 */
function weeklyReleases(seed: number, people: number, teams: number, weeks: number, k: number): { history: number[][]; candidates: number[][]; last: number[][] } {
  const random = new Random(seed);
  const team = Array.from({ length: people }, (_, p) => p % teams);
  const location = Array.from({ length: people }, () => random.int(0, 2));
  const where = (of: readonly number[], keep: (value: number) => boolean) => of.flatMap((value, p) => (keep(value) ? [p] : []));
  const history: number[][] = [];
  for (let week = 0; ; week++) {
    for (let move = 0; move < 2; move++) team[random.int(0, people - 1)] = random.int(0, teams - 1);
    const cells = [
      ...Array.from({ length: teams }, (_, t) => where(team, (x) => x === t)),
      ...[0, 1, 2].map((l) => where(location, (x) => x === l)),
      ...[0, 1].map((half) => where(team, (x) => x % 2 === half)),
    ];
    const admitted = cells.filter((_, i) => admittedCells([...history, ...cells], k, { fixed: history.length })[i]);
    if (week === weeks - 1) return { history, candidates: cells, last: admitted };
    history.push(...admitted);
  }
}

describe('the linear audit', () => {
  it('finds the pair sum of six overlapping teams of 10–15 that no single-atom check sees', () => {
    // Atoms of five (a–h: 0–39) and two people alone (p = 40, q = 41).
    const atom = (i: number) => Array.from({ length: 5 }, (_, j) => 5 * i + j);
    const [a, b, c, d, e, g, h] = [0, 1, 2, 3, 4, 5, 6].map(atom) as number[][];
    const teams = [
      [...a!, ...b!, 40],
      [...a!, ...d!, ...g!],
      [...b!, ...e!],
      [...c!, ...g!, 41],
      [...d!, ...e!, ...h!],
      [...c!, ...h!],
    ];
    expect(revealingCombination(teams, 5)).toMatchObject({ people: [40, 41] });
    expect(revealingCombination(teams.slice(0, 5), 5)).toBeNull();
  });

  it('finds a combination of two reduced rows: p − q where no one row shows it', () => {
    // X = A + p, Y = B + q, Z = A + B (A, B of five): X + Y − Z = p + q, and no cell alone holds fewer than 5.
    const A = [0, 1, 2, 3, 4];
    const B = [5, 6, 7, 8, 9];
    const cells = [[...A, 10], [...B, 11], [...A, ...B]];
    expect(revealingCombination(cells, 5)).toMatchObject({ people: [10, 11] });
  });

  it('over random overlapping cells, answers exactly what a brute-force rank test over every small set of people answers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }),
        fc.integer({ min: 4, max: 11 }),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 7 }),
        fc.nat(),
        (k, people, raw, fixedSeed) => {
          const cells = raw.map((cell) => [...new Set(cell.map((p) => p % people))].sort((x, y) => x - y));
          const fixed = fixedSeed % (cells.length + 1);
          const found = revealingCombination(cells, k, { fixed });
          expect(found).not.toBe('undecided');
          expect(found !== null, JSON.stringify({ k, cells, fixed })).toBe(bruteForceReveals(cells, people, k, fixed));
          if (found && found !== 'undecided') {
            expect(found.people.length).toBeLessThan(k);
            expect(found.cells.some((c) => c >= fixed)).toBe(true);
            expect(found.cells.every((c) => c >= 0 && c < cells.length)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('admits new cells one at a time: what it admits adds no combination of fewer than k people, and each cell it withholds would add one to those before it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 4, max: 10 }),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (k, people, raw, fixedSeed) => {
          const cells = raw.map((cell) => cell.map((p) => p % people).sort((x, y) => x - y));
          const fixed = fixedSeed % (cells.length + 1);
          const admitted = admittedCells(cells, k, { fixed });
          expect(admitted).toHaveLength(cells.length - fixed);
          const context = JSON.stringify({ k, cells, fixed, admitted });
          const kept = cells.slice(0, fixed);
          admitted.forEach((ok, j) => {
            const cell = cells[fixed + j]!;
            expect(bruteForceReveals([...kept, cell], people, k, fixed), context).toBe(!ok);
            if (ok) kept.push(cell);
          });
          expect(bruteForceReveals(kept, people, k, fixed), context).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers the same over cells listed again: a released cell repeated in another order adds nothing, one listing a person once more is another cell, a repeated new cell follows its first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 4, max: 9 }),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (k, people, raw, fixedSeed) => {
          const cells = raw.map((cell) => cell.map((p) => p % people));
          const fixed = fixedSeed % (cells.length + 1);
          const released = cells.slice(0, fixed);
          const history = [...released, ...released.map((cell) => [...cell].reverse()), ...released.map((cell) => [cell[0]!, ...cell])];
          const fresh = cells.slice(fixed).flatMap((cell) => [cell, [...cell].reverse()]);
          const all = [...history, ...fresh];
          const admitted = admittedCells(all, k, { fixed: history.length });
          const context = JSON.stringify({ k, all, fixed: history.length, admitted });
          const kept = [...history];
          admitted.forEach((ok, j) => {
            const cell = fresh[j]!;
            expect(bruteForceReveals([...kept, cell], people, k, history.length), context).toBe(!ok);
            if (ok) kept.push(cell);
          });
          const found = revealingCombination(all, k, { fixed: history.length });
          expect(found !== null, context).toBe(bruteForceReveals(all, people, k, history.length));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decides on a fork as on a span of the released cells alone: what another fork admitted (and the atoms its cells split) does not reach it, and what is released later does', () => {
    /** Admits `fresh` in order against `kept` the brute-force way, as admittedCells should. */
    const bruteAdmitted = (kept: readonly number[][], fresh: readonly number[][], people: number, k: number) => {
      const span = [...kept];
      return fresh.map((cell) => {
        const ok = !bruteForceReveals([...span, cell], people, k, kept.length);
        if (ok) span.push(cell);
        return ok;
      });
    };
    let leaks = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 4, max: 9 }),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        (k, people, raw, fixedSeed) => {
          const cells = raw.map((cell) => cell.map((p) => p % people));
          const fixed = fixedSeed % cells.length;
          const released = cells.slice(0, fixed);
          const fresh = cells.slice(fixed);
          const base = new ReleasedSpan(k);
          for (const cell of released) base.release(cell);
          // One audit admits the new cells in order; another decides them in reverse, as if the first had not run.
          const first = base.fork();
          const forward = fresh.map((cell) => first.decide(cell, 30_000) === null);
          const reversed = [...fresh].reverse();
          const second = base.fork();
          const backward = reversed.map((cell) => second.decide(cell, 30_000) === null);
          const context = JSON.stringify({ k, people, cells, fixed });
          expect(forward, context).toEqual(bruteAdmitted(released, fresh, people, k));
          expect(backward, context).toEqual(bruteAdmitted(released, reversed, people, k));
          // Without the fork, the second audit decides against the first one's admissions.
          if (!reversed.map((cell) => first.decide(cell, 30_000) === null).every((ok, j) => ok === backward[j])) leaks++;
          // The cells the first admitted, released: a later audit decides against them.
          const admitted = fresh.filter((_, j) => forward[j]);
          for (const cell of admitted) base.release(cell);
          const later = base.fork();
          expect(
            reversed.map((cell) => later.decide(cell, 30_000) === null),
            context,
          ).toEqual(bruteAdmitted([...released, ...admitted], reversed, people, k));
        },
      ),
      { numRuns: 200 },
    );
    expect(leaks).toBeGreaterThan(0);
  });

  it('decides a 20-week history within 32 sets of rows a cell, where a search from every row not yet released gave up (it needed 128)', () => {
    const { history, last, candidates } = weeklyReleases(26, 24, 4, 20, 3);
    const cells = [...history, ...last];
    expect(history.length).toBeGreaterThanOrEqual(80);
    expect(last.length).toBeGreaterThan(0);
    expect(revealingCombination(cells, 3, { fixed: history.length, effort: 32 })).toBeNull();
    expect(admittedCells(cells, 3, { fixed: history.length, effort: 32 }).every(Boolean)).toBe(true);
    // Exact, apart from the audit: no combination of one or two people that the history did not give.
    expect(bruteForceReveals(cells, 24, 3, history.length)).toBe(false);
    // The moves do give people away: every week's cells, admitted or not, would.
    expect(bruteForceReveals([...history, ...candidates], 24, 3, history.length)).toBe(true);
  });
});

