import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSimulator, type JiraSimulator } from '../../simulator/jira/jira-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const runAt = '2026-11-23T12:00:00.000Z';

describe('attune run says how it ended: exit codes and messages for complete, partial and nothing read', () => {
  let sim: JiraSimulator;
  const dataDir = join(tempDir('outcomes'), 'data');
  const env = () => ({
    ATTUNE_DATA_DIR: dataDir,
    ATTUNE_PSEUDONYM_KEY: testSecretHex,
    ATTUNE_RUN_AT: runAt,
    ATTUNE_BACKFILL_DAYS: '14',
    ATTUNE_RETRY_ATTEMPTS: '2',
    ATTUNE_RETRY_BASE_MS: '5',
    JIRA_HOST: sim.host,
    JIRA_EMAIL: sim.email,
    JIRA_API_TOKEN: sim.apiToken,
  });
  beforeAll(async () => {
    const organisation = generateOrganisation({ seed: 5, people: 24, weeks: 2, end: new Date(runAt) });
    sim = await startJiraSimulator({ organisation, now: new Date(runAt), rateScale: 100 });
  });
  afterAll(() => sim.close());

  it('a 5xx outage during the access check is no refusal: nothing read (exit 4), tried again next run, nothing written', async () => {
    sim.faults.setOutage('myself');
    const result = await runCli(['run'], env());
    sim.faults.setOutage(null);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/jira: unavailable while checking access \(Jira myself answered HTTP 503\): not read this run, tried again next run/);
    expect(result.stderr).not.toMatch(/JIRA_API_TOKEN|refused|credentials/);
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it("an outage of one issue's worklogs fails its project's stream alone: partial (exit 3), saying the next run reads it again; the next run completes (exit 0)", async () => {
    const issue = sim.site.issues.find((i) => i.created < Date.parse(runAt) && i.worklogs.length > 0)!;
    sim.faults.setOutage(`worklog ${issue.id}`);
    const partial = await runCli(['run'], env());
    sim.faults.setOutage(null);
    expect(partial.code, partial.stderr).toBe(3);
    expect(partial.stdout).toMatch(/jira: \d+ people .* [1-9]\d* streams read, 0 skipped, 1 failed/);
    expect(partial.stdout).toMatch(/last stream failure: Jira worklog answered HTTP 503 \(those streams' cursors did not move: the next run reads them again\)/);
    expect(partial.stdout).toMatch(/outcome: partial \(exit code 3\): 1 jira streams failed; everything else is stored, and the next run reads what failed again/);
    expect(partial.stdout).not.toMatch(/will retry/);

    const before = sim.requests();
    const next = await runCli(['run'], env());
    expect(next.code, next.stderr).toBe(0);
    // The summary counts every request the run sent: the access check, the directory, the reads.
    expect(next.stdout).toContain(`${sim.requests() - before} API requests`);
    expect(next.stdout).toMatch(/[1-9]\d* streams read, 0 skipped, 0 failed; [\d,]+ events fetched, [1-9][\d,]* new/);
    expect(next.stdout).toMatch(/outcome: complete/);
  }, 240_000);
});
