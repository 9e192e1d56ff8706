import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { erasureStatements } from '../../transforms/erasure-statements.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** The private store's tables that hold nothing about one person, and why: every other table must be in the erasure. */
const holdNoPerson: Record<string, string> = {
  schema_migrations: 'the schema version',
  teams: 'directory groups: ids and names, none derived from a pseudonym (docs/privacy.md)',
  org_week_groups: 'the same groups, week by week',
  released_weeks: 'week and release id',
  release_outbox: 'released cells of groups and the ledger, never who',
  used_link_nonces: 'random nonces of used links and Slack signatures',
  slack_channel_selection: 'channel ids an admin chose',
  run_records: 'counts per run',
  run_source_records: 'counts and failure messages per source, never a stream id or pseudonym',
  run_rate_limit_waits: 'counts and durations per source and stream kind, never a stream id',
  installation_fingerprint: 'a keyed hash of the installation secret',
  retention_horizon: 'the date before which raw events were deleted',
};

describe('the erasure statements', () => {
  let store: PrivateStore;
  beforeAll(async () => {
    store = await openPrivateStore(tempDir('erasure-statements'));
  });
  afterAll(() => store.close());

  it('cover every table of the private store that is not known to hold nothing about a person (a new table must be classified)', async () => {
    const tables = (await store.select({ sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'" })).map((r) => String(r.table_name));
    const erased = erasureStatements('p', 'erased:00').map((s) => s.statement.sql);
    const uncovered = tables.filter((t) => !(t in holdNoPerson) && !erased.some((sql) => new RegExp(`\\b(FROM|UPDATE|INTO) ${t}\\b`).test(sql)));
    expect(uncovered).toEqual([]);
    expect(Object.keys(holdNoPerson).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('run on an empty store, each with only the parameters it names', async () => {
    const steps = erasureStatements('p', 'erased:00');
    expect(await store.runCounted(steps.map((s) => s.statement))).toEqual(steps.map(() => 0));
  });
});
