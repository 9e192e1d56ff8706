import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revealingCombination } from '../../transforms/release/revealing-combinations.ts';
import { rankOf } from '../privacy/small-combination-attack.ts';

/** The cell × person incidence matrix. */
const incidence = (cells: readonly (readonly number[])[], people: number) => cells.map((cell) => Array.from({ length: people }, (_, p) => (cell.includes(p) ? 1 : 0)));

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
});
