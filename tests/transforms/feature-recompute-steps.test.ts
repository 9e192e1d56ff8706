import { describe, expect, it } from 'vitest';
import { featureRecomputeSteps } from '../../transforms/features/feature-recompute-steps.ts';
import { recomputeBatches, recomputeSizeQuery } from '../../transforms/features/feature-work-tables.ts';
import { event, person } from './activity-fixtures.ts';
import { openFeatureStore } from './feature-store.ts';

const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
const people = names.map((name) => person(name, 'Europe/Berlin'));
/** Each person writes to the next at 10:00 and answers in a thread at 11:00, on `day` (UTC). */
const dayOf = (day: string) =>
  names.flatMap((name, i) => [
    event(`${name}-${day}-m`, 'message', name, `${day}T10:00:00Z`, [names[(i + 1) % names.length]!]),
    event(`${name}-${day}-r`, 'thread_reply', name, `${day}T11:00:00Z`, [names[(i + 2) % names.length]!]),
  ]);

describe('a feature recompute committed part by part', () => {
  it('stopped after some parts: each person is rebuilt whole or left as before, the work tables are dropped, the log is kept, and the next recompute equals one never stopped', async () => {
    const stopped = await openFeatureStore(people);
    const never = await openFeatureStore(people);
    try {
      for (const f of [stopped, never]) {
        await f.load(dayOf('2024-01-15'));
        await f.recompute('incremental', 3);
        await f.load(dayOf('2024-01-16'));
      }
      const { steps, cleanup } = featureRecomputeSteps({ mode: 'incremental', batches: 3 });
      // Steps: the work tables, the three parts, the log; a failure after the second part.
      expect(steps).toHaveLength(5);
      const failing = [...steps.slice(0, 3), [{ sql: "SELECT error('stopped here')" }], ...steps.slice(3)];
      await expect(stopped.store.runSteps({ steps: failing, cleanup })).rejects.toThrow(/stopped here/);

      const select = (sql: string) => stopped.store.select({ sql });
      expect(await select("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'feature_%'")).toEqual([]);
      expect(Number((await select('SELECT count(*) AS n FROM event_changes'))[0]?.n)).toBeGreaterThan(0);
      const rebuilt = await select(
        `SELECT hash(p.pseudonym) % 3 < 2 AS in_done_part, count(DISTINCT f.day) AS days
         FROM people p LEFT JOIN person_day_features f ON f.person = p.pseudonym
         GROUP BY p.pseudonym ORDER BY p.pseudonym`,
      );
      // Both parts are someone's, and nobody is half rebuilt: the parts done have both days, the others only the first.
      expect(new Set(rebuilt.map((r) => r.in_done_part))).toEqual(new Set([true, false]));
      for (const r of rebuilt) expect(Number(r.days)).toBe(r.in_done_part ? 2 : 1);

      await stopped.recompute('incremental', 3);
      await never.recompute('incremental', 3);
      expect(await stopped.tables()).toEqual(await never.tables());
      expect(await select('SELECT count(*) AS n FROM event_changes')).toEqual([{ n: '0' }]);
    } finally {
      await stopped.close();
      await never.close();
    }
  });

  it('goes in parts by the people its events name as well as by the events: a meeting held in every attendee\'s calendar names n² people', async () => {
    const features = await openFeatureStore(people);
    try {
      const meeting = names.map((name) => ({ ...event(`all-hands-${name}`, 'meeting', name, '2024-01-17T09:00:00Z', names.filter((other) => other !== name)), source: 'google' as const }));
      await features.load([...dayOf('2024-01-15'), ...meeting]);
      const [size] = await features.store.select(recomputeSizeQuery);
      // 24 messages naming one person each, and 12 copies of the meeting naming the 11 others.
      expect(size).toEqual({ people: 12, events: 36, names: 24 + 12 * 11 });
    } finally {
      await features.close();
    }
    // A quarter of the calendars of 10,000 people: few events, many names.
    expect(recomputeBatches({ people: 6665, events: 226_809, names: 11_613_353 })).toBe(24);
    expect(recomputeBatches({ people: 2000, events: 4_400_000, names: 4_400_000 })).toBe(18);
    expect(recomputeBatches({ people: 120, events: 226_809, names: 11_613_353 })).toBe(3);
    expect(recomputeBatches({ people: 12, events: 0, names: 0 })).toBe(1);
  });
});
