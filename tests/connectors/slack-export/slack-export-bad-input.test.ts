import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSlackExportConnector } from '../../../connectors/slack-export/create-slack-export-connector.ts';
import { openSlackExportFiles } from '../../../connectors/slack-export/open-slack-export-files.ts';
import { ConfigError } from '../../../models/errors.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import { CANARY } from '../../../simulator/canary.ts';
import { generateOrganisation } from '../../../simulator/organisation/generate-organisation.ts';
import { writeSlackExport } from '../../../simulator/slack/slack-export-writer.ts';
import { buildSlackWorkspace, type SlackWorkspace } from '../../../simulator/slack/slack-workspace.ts';
import { createPseudonymizer } from '../../../transforms/pseudonymizer.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { slackChannelConversations } from '../expected-slack-events.ts';
import { readExport, type SourceRead } from './read-slack-export.ts';

const pseudonymize = createPseudonymizer(Buffer.alloc(32, 9));
const dayMs = 86_400_000;

async function readFolder(path: string, window: RunWindow, botName?: string): Promise<SourceRead> {
  const files = await openSlackExportFiles(path);
  try {
    return await readExport(createSlackExportConnector({ files, pseudonymize, ...(botName ? { botName } : {}) }), window);
  } finally {
    await files.close();
  }
}

describe('Slack export import: bad input', () => {
  const org = generateOrganisation({ seed: 5, people: 30, weeks: 1, end: new Date('2026-05-04T00:00:00Z') });
  const window = { start: org.period.start.toISOString(), end: org.period.end.toISOString() };
  let workspace: SlackWorkspace;
  let pristine: string;

  beforeAll(async () => {
    workspace = buildSlackWorkspace(org);
    pristine = join(tempDir('slack-export-bad'), 'export');
    await writeSlackExport(workspace, pristine, { now: org.period.end, format: 'folder' });
  });

  it('quarantines malformed day-file records and unreadable day files, counts them, and reads everything else', async () => {
    const channel = workspace.channels.find((c) => c.is_member && !c.is_archived && c.name.startsWith('team-')) as SlackWorkspace['channels'][number];
    const [dayA, dayB] = [org.period.start.getTime() + 2 * dayMs, org.period.start.getTime() + 3 * dayMs].map((ms) => new Date(ms).toISOString().slice(0, 10));
    const tampered = join(tempDir('slack-export-bad'), 'export');
    cpSync(pristine, tampered, { recursive: true });
    const fileA = join(tampered, channel.name, `${dayA}.json`);
    const userId = workspace.userIdByPerson.get(org.people[0]!.id);
    const badTs = `${Date.parse(`${dayA}T10:00:00Z`) / 1000}.000042`;
    writeFileSync(
      fileA,
      JSON.stringify([
        ...(JSON.parse(readFileSync(fileA, 'utf8')) as unknown[]),
        { type: 'message', ts: badTs, user: 42, text: `${CANARY} numeric user` },
        { type: 'message', user: userId, text: `${CANARY} no ts` },
        { type: 'message', ts: `${CANARY}:12Z`, user: userId, text: `${CANARY} bad ts` },
      ]),
    );
    writeFileSync(join(tampered, channel.name, `${dayB}.json`), `[{"text": "${CANARY}"`);

    const before = await readFolder(pristine, window);
    const after = await readFolder(tampered, window);
    const conversations = slackChannelConversations(workspace, channel.id, pseudonymize);
    const inDayB = (start: Date) => start.toISOString().slice(0, 10) === dayB;
    const lostEvents = before.events.filter((e) => conversations.has(e.conversation ?? '') && inDayB(e.start));
    expect(lostEvents.length).toBeGreaterThan(0);
    expect(after.events).toEqual(before.events.filter((e) => !lostEvents.includes(e)));
    expect(after.quarantined).toEqual([
      { source: 'slack', stream: channel.id, recordRef: null, problem: 'ts: invalid_format' },
      { source: 'slack', stream: channel.id, recordRef: null, problem: 'ts: invalid_type' },
      { source: 'slack', stream: channel.id, recordRef: badTs, problem: 'user: invalid_type' },
      { source: 'slack', stream: channel.id, recordRef: `${dayB}.json`, problem: '(file): not a JSON array' },
    ].sort((a, b) => `${a.recordRef}|${a.problem}`.localeCompare(`${b.recordRef}|${b.problem}`)));
    expect(JSON.stringify(after.quarantined)).not.toContain(CANARY);
  });

  it('reads only channels the attune bot is in and that are not archived, as the API path', async () => {
    const read = await readFolder(pristine, window);
    const readable = workspace.channels.filter((c) => c.is_member && !c.is_archived).map((c) => pseudonymize('conversation', `slack:${c.id}`));
    const channels = new Set(read.events.filter((e) => !e.isThread).map((e) => e.conversation));
    expect(channels).toEqual(new Set(readable));
    const anywhere = new Set(workspace.channels.filter((c) => c.is_member && !c.is_archived).flatMap((c) => [...slackChannelConversations(workspace, c.id, pseudonymize)]));
    expect(read.events.every((e) => anywhere.has(e.conversation ?? ''))).toBe(true);
    expect(read.skipped).toBe(workspace.channels.filter((c) => !c.is_member && !c.is_archived).length);
  });

  it('refuses an export without the attune bot when no channels are chosen, naming both ways to choose them', async () => {
    const error = await readFolder(pristine, window, 'someone-else').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/no active attune bot user.*--channels .*--all-public/);
  });

  it('refuses a missing path, a folder that is no export, a file that is no zip, and a users.json that is no array', async () => {
    const dir = tempDir('slack-export-bad');
    const noExport = join(dir, 'no-export');
    cpSync(pristine, noExport, { recursive: true });
    rmSync(join(noExport, 'channels.json'));
    const notZip = join(dir, 'export.zip');
    writeFileSync(notZip, 'PK not really a zip');
    const badUsers = join(dir, 'bad-users');
    cpSync(pristine, badUsers, { recursive: true });
    writeFileSync(join(badUsers, 'users.json'), '{"members": []}');

    for (const path of [join(dir, 'missing'), noExport, notZip]) {
      await expect(openSlackExportFiles(path), path).rejects.toBeInstanceOf(ConfigError);
    }
    await expect(readFolder(badUsers, window)).rejects.toThrow(/users\.json is not a JSON array/);
  });
});
