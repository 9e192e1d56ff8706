import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openPrivateStore } from '../store/open-private-store.ts';
import { featureRecomputeSteps } from '../transforms/features/feature-recompute-steps.ts';
import { recomputeBatches, recomputeSizeQuery } from '../transforms/features/feature-work-tables.ts';
import { syntheticEventsSql, syntheticPeopleSql } from './synthetic-events-sql.ts';

const eventColumns = 'source, kind, source_event_id, actor, counterparts, start_at, end_at, conversation, is_thread, size, response, online, state';

/** Seconds of wall time taken by `work`, and of CPU time this process spent meanwhile (DuckDB's threads included). */
interface Seconds {
  wall: number;
  cpu: number;
}

/** The wall and CPU seconds of `work`: on a shared machine the CPU time is the fairer figure (waiting for a core does not count). */
async function timed(work: () => Promise<unknown>): Promise<Seconds> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const rate = (events: number, { wall }: Seconds) => `${Math.round(events / wall).toLocaleString('en')} events/s`;
const said = ({ wall, cpu }: Seconds) => `${wall.toFixed(2)} s (${cpu.toFixed(2)} s of CPU)`;
const ratio = (part: Seconds, whole: Seconds, times: boolean) =>
  times ? `${(part.wall / whole.wall).toFixed(1)}× in wall time, ${(part.cpu / whole.cpu).toFixed(1)}× in CPU time`
    : `${((part.wall / whole.wall) * 100).toFixed(0)} % in wall time, ${((part.cpu / whole.cpu) * 100).toFixed(0)} % in CPU time`;

/**
 * The features benchmark: a private store with `people` synthetic people × `days` days of
 * events generated in DuckDB (from Monday 2024-01-01); times the full recompute, loading the next working day (staged Parquet
 * through loadParts) and recomputing incrementally, loading late events spread over the last 30
 * days and recomputing incrementally, and one hand-written query over the same events as the floor.
 */
export async function runFeaturesBenchmark({ people, days }: { people: number; days: number }): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'attune-bench-features-'));
  const store = await openPrivateStore(dataDir);
  const count = async (sql: string) => Number((await store.select({ sql }))[0]?.n ?? 0);
  try {
    const generate = await timed(() =>
      store.run([
        { sql: syntheticPeopleSql(people) },
        { sql: "INSERT INTO person_time_zones SELECT pseudonym, TIMESTAMPTZ '1970-01-01 00:00:00+00', time_zone FROM people" },
        { sql: `INSERT INTO events (${eventColumns}) ${syntheticEventsSql({ people, fromDay: 0, toDay: days, tag: 'a' })}` },
      ]),
    );
    const events = await count('SELECT count(*) AS n FROM events');
    const names = await count('SELECT sum(len(counterparts)) AS n FROM events');
    console.log(`features: ${people.toLocaleString('en')} people × ${days} days = ${events.toLocaleString('en')} events (generated in ${generate.wall.toFixed(1)} s)`);

    const floorQuery = (localDay: string, joins: string, withClause = '') =>
      store.select({
        sql: `${withClause} SELECT count(*) AS n FROM (
          SELECT involved.person, ${localDay} AS day,
            count(DISTINCT epoch_ms(e.start_at) // 300000) AS slots, max(e.end_at) - min(e.start_at) AS span
          FROM events e
          CROSS JOIN unnest(list_distinct(list_prepend(e.actor, e.counterparts))) AS involved(person)
          JOIN people p ON p.pseudonym = involved.person ${joins}
          GROUP BY ALL)`,
      });
    const naive = await timed(() => floorQuery('timezone(p.time_zone, e.start_at)::DATE', ''));
    const floor = await timed(() =>
      floorQuery(
        '(epoch_ms(e.start_at) + o.offset_ms) // 86400000',
        'JOIN offsets o ON o.time_zone = p.time_zone AND o.hour = epoch_ms(e.start_at) // 3600000',
        `WITH offsets AS (
          SELECT time_zone, hour, epoch_ms(timezone(time_zone, make_timestamptz(hour * 3600000000))) - hour * 3600000 AS offset_ms
          FROM (SELECT DISTINCT time_zone FROM people),
            (SELECT unnest(range(epoch_ms(min(start_at)) // 3600000, epoch_ms(max(start_at)) // 3600000 + 1)) AS hour FROM events))`,
      ),
    );
    console.log(`  floor: one hand-written query (local day, 5-minute slots and span per person-day, hourly offsets joined): ${said(floor)}, ${rate(events, floor)}`);
    console.log(`    (the same with timezone() per row: ${said(naive)}, ${rate(events, naive)})`);

    const full = await timed(() => store.runSteps(featureRecomputeSteps({ mode: 'full', batches: recomputeBatches({ people, events, names }) })));
    const dayRows = await count('SELECT count(*) AS n FROM person_day_features');
    console.log(`  full recompute: ${said(full)}, ${rate(events, full)} (${dayRows.toLocaleString('en')} person-days; ${ratio(full, floor, true)} the floor)`);

    // Day 0 is a Monday: the first day from `days` on that is Monday to Friday.
    const nextWorkingDay = days % 7 < 5 ? days : days + 7 - (days % 7);
    for (const [label, fromDay, toDay, tag] of [
      ['the next working day', nextWorkingDay, nextWorkingDay + 1, 'b'],
      ['late events over the last 30 days', days - 30, days, 'c'],
    ] as const) {
      const batchFile = join(dataDir, `batch-${tag}.parquet`);
      const limit = tag === 'c' ? 'WHERE hash(source_event_id) % 25 = 0' : '';
      await store.run([
        { sql: `COPY (SELECT * FROM (${syntheticEventsSql({ people, fromDay, toDay, tag })}) ${limit}) TO '${batchFile}' (FORMAT parquet)` },
      ]);
      const fresh = await count(`SELECT count(*) AS n FROM read_parquet('${batchFile}')`);
      const load = await timed(() => store.loadParts('slack', [{ batchFile, quarantined: [], stream: `bench-${tag}`, position: tag }]));
      const [size] = await store.select(recomputeSizeQuery);
      const batches = recomputeBatches({ people, events: Number(size?.events), names: Number(size?.names) });
      const incremental = await timed(() => store.runSteps(featureRecomputeSteps({ mode: 'incremental', batches })));
      console.log(
        `  incremental, ${label}: ${fresh.toLocaleString('en')} events loaded in ${load.wall.toFixed(2)} s; recompute in ${batches} part(s) ${said(incremental)}, ` +
          `${rate(fresh, incremental)} of new events (of the full recompute: ${ratio(incremental, full, false)})`,
      );
    }
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
