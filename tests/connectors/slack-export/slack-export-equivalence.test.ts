import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackExportConnector } from '../../../connectors/slack-export/create-slack-export-connector.ts';
import { openSlackExportFiles } from '../../../connectors/slack-export/open-slack-export-files.ts';
import type { SlackExportFiles } from '../../../connectors/slack-export/slack-export-files.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import { writeSlackExport } from '../../../simulator/slack/slack-export-writer.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startSlackFixture, type SlackFixture } from '../slack-fixture.ts';
import { readExport, sourceRead, type SourceRead } from './read-slack-export.ts';

const hourMs = 3_600_000;

describe('Slack export import: the same workspace through the API and through its export', () => {
  let f: SlackFixture;
  let folder: string;
  let zip: string;
  const opened: SlackExportFiles[] = [];
  const exportConnector = async (path: string) => {
    const files = await openSlackExportFiles(path);
    opened.push(files);
    return createSlackExportConnector({ files, pseudonymize: f.pseudonymize });
  };
  const apiRead = async (window: RunWindow): Promise<SourceRead> => sourceRead((await f.readAll(f.connector(), window)).batches);

  beforeAll(async () => {
    f = await startSlackFixture({ malformed: 6, variants: { meMessages: 4, broadcasts: 8 } });
    const dir = tempDir('slack-export');
    folder = join(dir, 'folder');
    zip = join(dir, 'export.zip');
    await writeSlackExport(f.workspace, folder, { now: f.org.period.end, format: 'folder' });
    await writeSlackExport(f.workspace, zip, { now: f.org.period.end, format: 'zip' });
  });
  afterAll(async () => {
    for (const files of opened) await files.close();
    await f.close();
  });

  it('gives the same events, quarantine and skipped channels over the whole period', async () => {
    const api = await apiRead(f.period);
    const fromExport = await readExport(await exportConnector(folder), f.period);
    expect(api.events.length).toBeGreaterThan(500);
    for (const kind of ['message', 'thread_reply', 'reaction'] as const) expect(fromExport.events.some((e) => e.kind === kind)).toBe(true);
    expect(fromExport.events).toEqual(api.events);
    expect(fromExport.quarantined).toEqual(api.quarantined);
    expect(fromExport.quarantined.length).toBeGreaterThan(0);
    expect(fromExport.skipped).toBe(api.skipped);
  });

  it('gives the same events over a window inside the period: no replies to threads started before it, as the API', async () => {
    const readable = f.workspace.channels.filter((c) => c.is_member && !c.is_archived);
    const threads = readable.flatMap((c) => f.workspace.messages.get(c.id) ?? []).filter((m) => m.replies.length > 0 && m.micros > f.org.period.start.getTime() * 1000 + 48 * hourMs * 1000);
    const thread = threads[0];
    if (!thread) throw new Error('the workspace has no thread after its second day');
    // The window starts between a thread's parent and its first reply.
    const start = Math.round((thread.micros + (thread.replies[0]?.micros ?? 0)) / 2000);
    const window = { start: new Date(start).toISOString(), end: new Date(f.org.period.end.getTime() - 51 * hourMs).toISOString() };
    const api = await apiRead(window);
    const fromExport = await readExport(await exportConnector(folder), window);
    expect(api.events.length).toBeGreaterThan(100);
    expect(fromExport.events).toEqual(api.events);
  });

  it('gives the same people and identities as users.list, and no teams', async () => {
    const api = await f.connector().readDirectory();
    const fromExport = await (await exportConnector(zip)).readDirectory();
    expect(fromExport).toEqual({ ...api, teams: [], memberships: [], segments: [] });
    expect(api.teams.length).toBeGreaterThan(0);
  });

  it('reads the zip exactly as the unpacked folder, also when the export sits in one top folder', async () => {
    const wrapped = join(tempDir('slack-export-wrapped'), 'outer');
    await writeSlackExport(f.workspace, join(wrapped, 'Northwind Slack export Mar 2 2026'), { now: f.org.period.end, format: 'folder' });
    const fromFolder = await readExport(await exportConnector(folder), f.period);
    expect(await readExport(await exportConnector(zip), f.period)).toEqual(fromFolder);
    expect(await readExport(await exportConnector(wrapped), f.period)).toEqual(fromFolder);
  });

  it('keeps /me messages and gives a broadcast its parent author also when the parent was read a day before, as the API does', async () => {
    const days = Math.round((f.org.period.end.getTime() - f.org.period.start.getTime()) / (24 * hourMs));
    const dayOf = (ts: string) => Math.floor(Number(ts) / 86_400);
    const crossing = f.workspace.variants.broadcasts.filter((b) => dayOf(b.ts) !== dayOf(b.parentTs as string));
    expect(crossing.length).toBeGreaterThan(0);
    const daily = await readExport(await exportConnector(folder), f.period, days);
    const api = await apiRead(f.period);
    expect(daily.events).toEqual(api.events);
    const byId = new Map(daily.events.map((e) => [e.sourceEventId, e]));
    const idOf = (m: { channel: string; ts: string }) => f.pseudonymize('event', `slack:${m.channel}:${m.ts}`);
    for (const m of f.workspace.variants.meMessages) expect(byId.get(idOf(m))?.kind).toBe('message');
    for (const b of crossing) {
      const parent = byId.get(idOf({ channel: b.channel, ts: b.parentTs as string }));
      const broadcast = byId.get(idOf(b));
      expect(broadcast?.kind).toBe('thread_reply');
      expect(broadcast?.counterparts).toEqual(parent && parent.actor !== broadcast?.actor ? [parent.actor] : []);
    }
    // A window that starts between a parent and its broadcast: the channel's history shows the broadcast, and so does the export.
    const [first] = crossing;
    const window = { start: new Date((Number(first!.parentTs) + Number(first!.ts)) * 500).toISOString(), end: f.period.end };
    const fromExport = await readExport(await exportConnector(folder), window);
    expect(fromExport.events).toEqual((await apiRead(window)).events);
    expect(fromExport.events.some((e) => e.sourceEventId === idOf(first!))).toBe(true);
  });

  it('reads in growing steps as in one go, each record once, and a read from the last position finds nothing new', async () => {
    const connector = await exportConnector(zip);
    const whole = await readExport(connector, f.period);
    const stepped = await readExport(connector, f.period, 5);
    expect(stepped.events).toEqual(whole.events);
    expect(stepped.quarantined).toEqual(whole.quarantined);
    const again = await readExport(connector, f.period, 1, stepped.positions);
    expect(again.events).toEqual([]);
    expect(again.quarantined).toEqual([]);
  });
});
