import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPrivateStore } from '../store/open-private-store.ts';
import { featureRecomputeStatements } from '../transforms/features/feature-recompute-statements.ts';
import { syntheticEventsSql, syntheticPeopleSql } from './synthetic-events-sql.ts';
const people = Number(process.argv[2] ?? 200), days = Number(process.argv[3] ?? 30);
const store = await openPrivateStore(mkdtempSync(join(tmpdir(), 'attune-prof-')));
await store.run([{ sql: syntheticPeopleSql(people) }, { sql: `INSERT INTO events (source, kind, source_event_id, actor, counterparts, start_at, end_at, conversation, is_thread, size, response, online, state) ${syntheticEventsSql({ people, fromDay: 0, toDay: days, tag: 'a' })}` }]);
console.log(await store.select({ sql: "SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m" }));
for (const s of featureRecomputeStatements({ mode: process.argv[4] === 'inc' ? 'incremental' : 'full' })) {
  const t = performance.now();
  await store.run([s]);
  console.log(((performance.now() - t) / 1000).toFixed(2), s.sql.replace(/\s+/g, ' ').slice(0, 90));
}
await store.close();
