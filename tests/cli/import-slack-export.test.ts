import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANARY } from '../../simulator/canary.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { writeSlackExport } from '../../simulator/slack/slack-export-writer.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { rawTextOf, stringValuesOf } from '../helpers/scan-data-dir.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const demo = { people: 40, weeks: 2, seed: 23 };
const runAt = '2026-11-23T12:00:00.000Z';
/** The organisation and workspace the embedded simulator builds for `demo` at `runAt` (it breaks 3 messages on purpose). */
const organisation = generateOrganisation({ ...demo, end: new Date(runAt) });
const workspace = buildSlackWorkspace(organisation, { malformed: 3 });

/** All rows of one query on the private store of a data directory. */
const privateRowsOf = (dataDir: string, sql: string) => rowsOf(join(dataDir, 'attune.duckdb'), sql);

const count = async (dataDir: string, sql: string) => Number((await privateRowsOf(dataDir, sql))[0]?.n);
const events = (dataDir: string) => count(dataDir, "SELECT count(*) AS n FROM events WHERE source = 'slack'");
const duplicates = (dataDir: string) =>
  count(dataDir, 'SELECT count(*) AS n FROM (SELECT source, source_event_id FROM events GROUP BY ALL HAVING count(*) > 1)');
const apiCursors = (dataDir: string) => privateRowsOf(dataDir, "SELECT stream, position FROM sync_state WHERE stream NOT LIKE 'export:%' ORDER BY stream");

/** A number on the Slack line of a summary (the run's has a line per source), e.g. /([\d,]+) events read/. */
function summaryCount(stdout: string, pattern: RegExp): number {
  const match = stdout.split('\n').find((line) => /^\s*slack/.test(line))?.match(pattern);
  if (!match?.[1]) throw new Error(`the summary has no ${pattern}: ${stdout}`);
  return Number(match[1].replaceAll(',', ''));
}

describe('attune import slack-export', () => {
  const root = tempDir('import-cli');
  const zip = join(root, 'export.zip');
  const folder = join(root, 'export');
  const env = (dataDir: string) => ({
    ATTUNE_DATA_DIR: dataDir,
    ATTUNE_PSEUDONYM_KEY: testSecretHex,
    ATTUNE_RUN_AT: runAt,
    ATTUNE_BACKFILL_DAYS: String(demo.weeks * 7),
    ATTUNE_DEMO_PEOPLE: String(demo.people),
    ATTUNE_DEMO_WEEKS: String(demo.weeks),
    ATTUNE_DEMO_SEED: String(demo.seed),
  });

  beforeAll(async () => {
    await writeSlackExport(workspace, zip, { now: new Date(runAt), format: 'zip' });
    await writeSlackExport(workspace, folder, { now: new Date(runAt), format: 'folder' });
  });

  describe('an import, the same again, an API run, and another import', () => {
    const dataDir = join(root, 'import-first');
    let imported: CliResult;

    beforeAll(async () => {
      imported = await runCli(['import', 'slack-export', zip], env(dataDir));
    });

    it('loads the history and says what it did: channels, events, new, quarantined', async () => {
      expect(imported.code, imported.stderr).toBe(0);
      const stored = await events(dataDir);
      expect(stored).toBeGreaterThan(300);
      expect(imported.stdout).toContain(`${organisation.people.length} people (1 unresolved, 4 excluded)`);
      expect(summaryCount(imported.stdout, /([\d,]+) channels read/)).toBe(workspace.channels.filter((c) => c.is_member && !c.is_archived).length);
      expect(summaryCount(imported.stdout, /([\d,]+) skipped/)).toBe(2);
      expect(summaryCount(imported.stdout, /([\d,]+) events read/)).toBe(stored);
      expect(summaryCount(imported.stdout, /events read, ([\d,]+) new/)).toBe(stored);
      expect(summaryCount(imported.stdout, /([\d,]+) quarantined/)).toBe(3);
      expect(imported.stdout).toMatch(/features brought up to date: [1-9][\d,]* person-day rows/);
      expect(await count(dataDir, 'SELECT count(*) AS n FROM person_day_features')).toBeGreaterThan(0);
      expect(await count(dataDir, 'SELECT count(*) AS n FROM teams')).toBe(0);
    });

    it('leaves no content, names, emails or Slack user ids in the data directory or the output', async () => {
      const forbidden = [CANARY, organisation.domain, ...organisation.people.flatMap((p) => [`${p.givenName} ${p.familyName}`, p.email])];
      const userIds = new Set(workspace.users.map((u) => u.id));
      for (const { path, text } of [...rawTextOf(dataDir), { path: 'stdout', text: imported.stdout }, { path: 'stderr', text: imported.stderr }]) {
        for (const needle of [...forbidden, ...userIds]) expect(text.includes(needle), `${needle} in ${path}`).toBe(false);
      }
      const values = await stringValuesOf(join(dataDir, 'attune.duckdb'));
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) {
        expect(value).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
        expect(forbidden.some((needle) => value.includes(needle)), 'content in the private store').toBe(false);
        expect(userIds.has(value), 'a Slack user id in the private store').toBe(false);
      }
    });

    it('imports the same export again (unpacked this time) without reading or adding anything', async () => {
      const before = await events(dataDir);
      const again = await runCli(['import', 'slack-export', folder], env(dataDir));
      expect(again.code, again.stderr).toBe(0);
      expect(summaryCount(again.stdout, /([\d,]+) events read/)).toBe(0);
      expect(await events(dataDir)).toBe(before);
    });

    it('is followed by an API run over the same days that finds every Slack event already stored', async () => {
      const before = await events(dataDir);
      const run = await runCli(['run'], env(dataDir));
      expect(run.code, run.stderr).toBe(0);
      expect(summaryCount(run.stdout, /([\d,]+) events fetched/)).toBeGreaterThan(300);
      expect(summaryCount(run.stdout, /events fetched, ([\d,]+) new/)).toBe(0);
      expect(await events(dataDir)).toBe(before);
      expect(await duplicates(dataDir)).toBe(0);
    });

    it('imports again after the API run, leaving its teams and channel cursors as they were', async () => {
      const teams = await count(dataDir, 'SELECT count(*) AS n FROM teams');
      const memberships = await count(dataDir, 'SELECT count(*) AS n FROM team_memberships');
      const cursors = await apiCursors(dataDir);
      const before = await events(dataDir);
      expect(teams).toBeGreaterThan(0);
      expect(cursors.some((c) => workspace.channels.some((channel) => channel.id === c.stream))).toBe(true);

      const again = await runCli(['import', 'slack-export', zip], env(dataDir));
      expect(again.code, again.stderr).toBe(0);
      expect(summaryCount(again.stdout, /events read, ([\d,]+) new/)).toBe(0);
      expect(await events(dataDir)).toBe(before);
      expect(await duplicates(dataDir)).toBe(0);
      expect(await count(dataDir, 'SELECT count(*) AS n FROM teams')).toBe(teams);
      expect(await count(dataDir, 'SELECT count(*) AS n FROM team_memberships')).toBe(memberships);
      expect(await apiCursors(dataDir)).toEqual(cursors);
    });
  });

  describe('an export without e-mails', () => {
    const bare = join(root, 'export-without-emails');
    const mapFile = join(root, 'identity-map.csv');
    const badMapFile = join(root, 'bad-identity-map.csv');
    const people = organisation.people.length;

    beforeAll(async () => {
      await writeSlackExport(workspace, bare, { now: new Date(runAt), format: 'folder', emails: false });
      const lines = organisation.people.slice(1).map((p) => `${workspace.userIdByPerson.get(p.id)},${p.email}`);
      await writeFile(mapFile, `slackUserId,email\n${lines.join('\n')}\n`);
      await writeFile(badMapFile, `slackUserId,email\n${lines[0]}\nnot a mapping\n`);
    });

    it('says up front that everyone stays unresolved and how to match them, then imports', async () => {
      const result = await runCli(['import', 'slack-export', bare], env(join(root, 'import-bare')));
      expect(result.code, result.stderr).toBe(0);
      const notice = result.stderr.split('\n').findIndex((l) => l.startsWith(`import: the export has no e-mail addresses: all ${people} people stay unresolved`));
      expect(notice, result.stderr).toBeGreaterThanOrEqual(0);
      expect(result.stderr.split('\n')[notice]).toContain('set SLACK_IDENTITY_MAP to a CSV file of slackUserId,email lines');
      expect(notice).toBeLessThan(result.stderr.split('\n').findIndex((l) => l.startsWith('import: Slack export, window')));
      expect(result.stdout).toContain(`${people} people (${people} unresolved, 4 excluded)`);
    });

    it('matches the people SLACK_IDENTITY_MAP maps, by e-mail as the API does', async () => {
      const result = await runCli(['import', 'slack-export', bare], { ...env(join(root, 'import-mapped')), SLACK_IDENTITY_MAP: mapFile });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`import: ${people} of ${people} people have no e-mail in the export; SLACK_IDENTITY_MAP gives ${people - 1} of them one; 1 left unresolved`);
      expect(result.stdout).toContain(`${people} people (1 unresolved, 4 excluded)`);
    });

    it('refuses a malformed map before reading anything, naming the setting and the line (exit code 2)', async () => {
      const result = await runCli(['import', 'slack-export', bare], { ...env(join(root, 'import-bad-map')), SLACK_IDENTITY_MAP: badMapFile });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('SLACK_IDENTITY_MAP line 3 is not "slackUserId,email"');
      expect(result.stderr).not.toContain('@');
    });
  });

  describe('a standard export, made before the attune app was installed (no bot user)', () => {
    const standard = join(root, 'export-without-bot');
    const idOf = (name: string) => workspace.channels.find((c) => c.name === name)?.id;
    const selection = (dataDir: string) => privateRowsOf(dataDir, 'SELECT channel, chosen_by FROM slack_channel_selection ORDER BY channel');
    const apiChannels = async (dataDir: string) =>
      (await privateRowsOf(dataDir, "SELECT stream FROM sync_state WHERE source = 'slack' AND stream NOT LIKE 'export:%' ORDER BY stream")).map((r) => r.stream);

    beforeAll(async () => {
      await writeSlackExport(workspace, standard, { now: new Date(runAt), format: 'folder', bot: false });
    });

    it('without a choice of channels, refuses with exit code 2, naming --channels and --all-public', async () => {
      const result = await runCli(['import', 'slack-export', standard], env(join(root, 'no-choice')));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no active attune bot user.*--channels .*--all-public/);
    });

    it('imports the channels --channels names, records the choice, and a later attune run reads only those', async () => {
      const dataDir = join(root, 'named-channels');
      const result = await runCli(['import', 'slack-export', standard, '--channels', 'general,#social-events'], env(dataDir));
      expect(result.code, result.stderr).toBe(0);
      expect(summaryCount(result.stdout, /([\d,]+) channels read/)).toBe(2);
      expect(await events(dataDir)).toBeGreaterThan(0);
      const chosen = [idOf('general'), idOf('social-events')].sort();
      expect(await selection(dataDir)).toEqual(chosen.map((channel) => ({ channel, chosen_by: 'channels' })));

      const run = await runCli(['run'], env(dataDir));
      expect(run.code, run.stderr).toBe(0);
      // social-events has no bot in the API's workspace: chosen, listed, and skipped there as the API answers not_in_channel.
      expect(await apiChannels(dataDir)).toEqual([idOf('general')]);
    });

    it('imports every public channel that is not archived with --all-public', async () => {
      const dataDir = join(root, 'all-public');
      const result = await runCli(['import', 'slack-export', standard, '--all-public'], env(dataDir));
      expect(result.code, result.stderr).toBe(0);
      const publicChannels = workspace.channels.filter((c) => !c.is_private && !c.is_archived);
      expect(publicChannels.some((c) => !c.is_member)).toBe(true);
      expect(summaryCount(result.stdout, /([\d,]+) channels read/)).toBe(publicChannels.length);
      expect((await selection(dataDir)).map((r) => r.channel)).toEqual(publicChannels.map((c) => c.id).sort());
    });

    it('refuses a channel the export does not have, naming it, with exit code 2', async () => {
      const result = await runCli(['import', 'slack-export', standard, '--channels', 'general,no-such-channel'], env(join(root, 'unknown-channel')));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('the Slack export has no channel named no-such-channel: check --channels');
    });
  });

  it('refuses a path that is no Slack export, naming the setting, with exit code 2', async () => {
    const result = await runCli(['import', 'slack-export', join(root, 'nothing-here')], env(join(root, 'refused')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no Slack export at the given path: check the slack-export PATH/);
  });
});
