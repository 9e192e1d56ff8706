import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunWindow } from '../../models/run-window.ts';
import type { StoredMessage } from '../../simulator/slack/stored-message.ts';
import { startSlackFixture, type SlackFixture } from './slack-fixture.ts';

// Issue 16, finding 1: a Temporal worker builds its connectors once and serves sync after sync.
// What changed in the workspace between two syncs must reach it as it reaches a fresh run: a
// joiner's messages resolved, a leaver gone from the directory, a new channel read.

describe('one connector serving two syncs, as a long-lived worker does', () => {
  let f: SlackFixture;
  beforeAll(async () => {
    f = await startSlackFixture({ people: 24, weeks: 2 });
  });
  afterAll(() => f.close());

  it('reads the directory and the channels afresh on the second sync: a joiner, a leaver and a new channel', async () => {
    const mid = new Date((Date.parse(f.period.start) + Date.parse(f.period.end)) / 2);
    const first: RunWindow = { start: f.period.start, end: mid.toISOString() };
    const second: RunWindow = { start: mid.toISOString(), end: f.period.end };
    const connector = f.connector();

    f.sim.setNow(mid);
    const before = await connector.readDirectory();
    const channelsBefore = await connector.listStreams();
    await Promise.all(channelsBefore.map((c) => connector.fetchStream(c, null, first)));

    // Between the syncs: one person leaves (deactivated), one joins and writes in a channel the bot
    // reads, and a new channel opens with messages of the second window.
    const people = f.workspace.users.filter((u) => !u.is_bot && !u.deleted && u.profile.email);
    const leaver = people[0]!;
    leaver.deleted = true;
    const joinerEmail = 'joiner@example.test';
    const joiner = { ...structuredClone(people[1]!), id: 'UJOINER01', name: 'joiner' };
    joiner.profile.email = joinerEmail;
    f.workspace.users.push(joiner);
    const inSecond = (m: StoredMessage) => m.micros >= mid.getTime() * 1000 && m.user !== null && m.replies.length === 0 && m.wire.subtype === undefined;
    const [channel, messages] = [...f.workspace.messages].find(([id, list]) => channelsBefore.includes(id) && list.filter(inSecond).length >= 2)!;
    const written = messages.find(inSecond)!;
    written.user = joiner.id;
    written.wire = { ...written.wire, user: joiner.id };
    const opened = { ...structuredClone(f.workspace.channels.find((c) => c.id === channel)!), id: 'CNEW00001', name: 'opened-later', name_normalized: 'opened-later' };
    f.workspace.channels.push(opened);
    const copy = (m: StoredMessage): StoredMessage => structuredClone({ micros: m.micros, ts: m.ts, user: m.user, wire: m.wire, replies: [] });
    f.workspace.messages.set(opened.id, messages.filter(inSecond).filter((m) => m !== written).map(copy));

    f.sim.setNow(new Date(f.period.end));
    const after = await connector.readDirectory();
    const channelsAfter = await connector.listStreams();
    const pseudonymOf = (email: string) => f.pseudonymize('person', email);
    const ids = (d: typeof before) => new Set(d.people.map((p) => p.pseudonym));
    expect(ids(before).has(pseudonymOf(leaver.profile.email!))).toBe(true);
    expect(ids(after).has(pseudonymOf(leaver.profile.email!))).toBe(false);
    expect(ids(after).has(pseudonymOf(joinerEmail))).toBe(true);
    expect(channelsBefore).not.toContain(opened.id);
    expect(channelsAfter).toContain(opened.id);

    const read = await connector.fetchStream(channel, null, second);
    const byJoiner = read.events.filter((e) => e.actor === pseudonymOf(joinerEmail));
    expect(byJoiner.map((e) => e.kind)).toEqual(['message']);
    const fromNewChannel = await connector.fetchStream(opened.id, null, second);
    expect(fromNewChannel.events.length).toBeGreaterThan(0);
  });
});
