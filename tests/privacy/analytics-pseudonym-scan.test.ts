import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/create-activities.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { runPipeline } from '../../workflows/run-pipeline.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from '../connectors/microsoft/microsoft-fixture.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { stringValuesOf } from '../helpers/scan-data-dir.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// A real run, in-process: the simulated Microsoft tenant (department and manager teams) and Slack
// workspace (user groups) read, features computed and three weeks released. The scan below knows
// nothing of how team ids are made: it looks for every person's pseudonym, whole or as its first
// six characters, inside every string of the analytics store.
describe('the analytics store after a real run', () => {
  let microsoft: MicrosoftFixture;
  let slack: SlackFixture;
  let dataDir: string;
  let pseudonyms: string[];
  beforeAll(async () => {
    [microsoft, slack] = await Promise.all([startMicrosoftFixture({ people: 48, weeks: 3 }), startSlackFixture({ people: 30, weeks: 3 })]);
    dataDir = tempDir('pseudonym-scan');
    const store = await openPrivateStore(dataDir);
    try {
      const deps = inProcessDeps(dataDir, { connectors: { microsoft: microsoft.connector(), slack: slack.connector() }, store });
      await runPipeline(createActivities(deps), { window: microsoft.period, sources: ['microsoft', 'slack'], streamConcurrency: 4, release: true });
      pseudonyms = (await store.select({ sql: 'SELECT pseudonym FROM people' })).map((r) => String(r.pseudonym));
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(async () => {
    await microsoft?.close();
    await slack?.close();
  });

  it('released manager teams, and holds no pseudonym of anyone in the private store anywhere in any string column', async () => {
    const analytics = join(dataDir, 'analytics.duckdb');
    expect(pseudonyms.length).toBeGreaterThan(40);
    const managerTeams = await rowsOf(analytics, "SELECT count(DISTINCT team) AS n FROM team_week_metrics WHERE team LIKE 'microsoft:mgr:%'");
    expect(Number(managerTeams[0]?.n)).toBeGreaterThan(2);
    const values = await stringValuesOf(analytics);
    expect(values.length).toBeGreaterThan(100);
    const leaks = values.filter((value) => pseudonyms.some((p) => value.includes(p) || value.includes(p.slice(0, 6))));
    expect([...new Set(leaks)]).toEqual([]);
  });
});
