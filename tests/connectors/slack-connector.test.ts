import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent } from '../../models/activity-event.ts';
import { AuthError } from '../../models/errors.ts';
import type { RunWindow } from '../../models/run-window.ts';
import { CANARY } from '../../simulator/canary.ts';
import { eventKey, expectedSlackEvents } from './expected-slack-events.ts';
import { startSlackFixture, type SlackFixture } from './slack-fixture.ts';

const dayMs = 86_400_000;
const slackUserId = /\bU[0-9A-Z]{8}\b/;
const keysOf = (events: ActivityEvent[]) => events.map(eventKey).sort();

describe('Slack connector on the simulated workspace', () => {
  let f: SlackFixture;
  beforeAll(async () => {
    f = await startSlackFixture({ malformed: 6, variants: { meMessages: 4, broadcasts: 6 } });
  });
  afterAll(() => f.close());

  const expected = (start: Date, end: Date, now: Date) => expectedSlackEvents(f.workspace, f.org, f.pseudonymize, start, end, now);

  it('checks access with one call', async () => {
    const before = f.sim.requests();
    await f.connector().checkAccess();
    expect(f.sim.requests('auth.test')).toBe(1);
    expect(f.sim.requests()).toBe(before + 1);
  });

  it('reads the directory: people pseudonymized, bots and deactivated accounts excluded, one email hidden', async () => {
    const dir = await f.connector({ pageSize: 7 }).readDirectory();
    const { org, workspace, pseudonymize } = f;
    expect(f.sim.requests('users.list')).toBe(Math.ceil(workspace.users.length / 7));
    expect(dir.people).toHaveLength(org.people.length);
    expect(dir.excluded).toBe(workspace.users.length - org.people.length);
    expect(dir.unresolved).toBe(1);
    const hidden = pseudonymize('source-user', `slack:${workspace.hiddenEmail.userId}`);
    const expectedPeople = org.people.map((p) => (p.id === workspace.hiddenEmail.personId ? hidden : pseudonymize('person', p.email))).sort();
    expect(dir.people.map((p) => p.pseudonym).sort()).toEqual(expectedPeople);
    expect(dir.people.filter((p) => !p.identityResolved).map((p) => p.pseudonym)).toEqual([hidden]);
    expect(new Set(dir.people.map((p) => p.timeZone))).toEqual(new Set(org.people.map((p) => p.timeZone)));
    expect(dir.people.every((p) => p.workStartMinute === 540 && p.workEndMinute === 1020 && p.workDays.join() === '1,2,3,4,5')).toBe(true);
    expect(dir.identities.find((i) => i.pseudonym === hidden)).toEqual({ pseudonym: hidden, email: null, sourceIds: [{ source: 'slack', id: workspace.hiddenEmail.userId }] });

    const liveGroups = workspace.usergroups.filter((g) => g.date_delete === 0);
    expect(new Set(dir.memberships.map((m) => m.team))).toEqual(new Set(liveGroups.map((g) => `slack:${g.id}`)));
    expect(dir.memberships).toHaveLength(liveGroups.reduce((n, g) => n + (g.users?.length ?? 0), 0));
    const group = liveGroups[0]!;
    expect(dir.memberships.filter((m) => m.team === `slack:${group.id}`).every((m) => m.teamName === group.name && m.source === 'slack')).toBe(true);
  });

  it('reads every channel across many small pages: messages, threads and reactions, nothing missing or doubled', async () => {
    const connector = f.connector({ pageSize: 5 });
    const history = f.sim.requests('conversations.history');
    const replies = f.sim.requests('conversations.replies');
    const { batches, events } = await f.readAll(connector, f.period);
    const readable = f.workspace.channels.filter((c) => c.is_member && !c.is_archived);

    expect(keysOf(events)).toEqual(expected(f.org.period.start, f.org.period.end, f.org.period.end));
    expect(new Set(events.map((e) => e.sourceEventId)).size).toBe(events.length);
    // `/me` messages are messages; a thread broadcast is one reply, not two.
    const kindOf = new Map(events.map((e) => [e.sourceEventId, e.kind]));
    const idOf = (m: { channel: string; ts: string }) => f.pseudonymize('event', `slack:${m.channel}:${m.ts}`);
    expect(f.workspace.variants.meMessages.map((m) => kindOf.get(idOf(m)))).toEqual(Array(4).fill('message'));
    expect(f.workspace.variants.broadcasts.map((m) => kindOf.get(idOf(m)))).toEqual(Array(6).fill('thread_reply'));
    for (const kind of ['message', 'thread_reply', 'reaction'] as const) expect(events.filter((e) => e.kind === kind).length).toBeGreaterThan(10);
    expect(events.every((e) => ActivityEvent.safeParse(e).success)).toBe(true);

    const historyPages = f.sim.requests('conversations.history') - history;
    expect(historyPages).toBeGreaterThan(3 * readable.length);
    const counted = [...batches.values()].reduce((n, b) => n + b.requests, 0);
    expect(counted).toBe(historyPages + f.sim.requests('conversations.replies') - replies);
    for (const batch of batches.values()) if (batch.skipped === null) expect(JSON.parse(batch.position as string).newestTs).toMatch(/^\d+\.\d{6}$/);
  });

  it('skips channels the bot is not in, counts them, and reads the rest', async () => {
    const { batches } = await f.readAll(f.connector(), f.period);
    const outside = f.workspace.channels.filter((c) => !c.is_member && !c.is_private).map((c) => c.id);
    expect(outside.length).toBeGreaterThan(0);
    const skipped = [...batches].filter(([, b]) => b.skipped !== null);
    expect(skipped.map(([id]) => id).sort()).toEqual(outside.sort());
    expect(skipped.every(([, b]) => b.skipped === 'not_in_channel' && b.events.length === 0 && b.position === null)).toBe(true);
    expect([...batches.values()].filter((b) => b.skipped === null && b.events.length > 0).length).toBeGreaterThan(5);
  });

  it('quarantines malformed messages with paths and codes only, and loads the rest', async () => {
    const { batches, events } = await f.readAll(f.connector(), f.period);
    const quarantined = [...batches.values()].flatMap((b) => b.quarantined);
    expect(quarantined).toHaveLength(f.workspace.malformed.length);
    for (const bad of f.workspace.malformed) {
      const found = quarantined.filter((q) => q.stream === bad.channel && (q.recordRef === bad.ts || q.recordRef === null));
      expect(found.length, bad.kind).toBeGreaterThan(0);
      if (bad.kind === 'numeric_user') expect(found.some((q) => q.recordRef === bad.ts && q.problem === 'user: invalid_type')).toBe(true);
    }
    expect(quarantined.every((q) => /^[\w.]+: \w+(; [\w.]+: \w+)*$/.test(q.problem) && q.source === 'slack')).toBe(true);
    expect(events.length).toBeGreaterThan(100);
  });

  it('reads incrementally, day by day: each read brings the new messages and the threads that moved, and nothing is lost', async () => {
    const { start, end } = f.org.period;
    const cuts = Array.from({ length: Math.round((end.getTime() - start.getTime()) / dayMs) + 1 }, (_, i) => new Date(start.getTime() + i * dayMs));
    // Threads whose parent precedes the newest message before a cut and that get replies after it: only the look-back finds them.
    const lateThreads = cuts.slice(1, -1).reduce((n, cut) => {
      const micros = cut.getTime() * 1000;
      return n + f.workspace.channels.reduce((k, c) => {
        const before = (f.workspace.messages.get(c.id) ?? []).filter((m) => m.micros < micros);
        return k + before.slice(0, -1).filter((m) => m.replies.some((r) => r.micros >= micros)).length;
      }, 0);
    }, 0);
    expect(lateThreads).toBeGreaterThan(0);

    const threads = f.workspace.channels
      .filter((c) => c.is_member)
      .reduce((n, c) => n + (f.workspace.messages.get(c.id) ?? []).filter((m) => m.replies.length > 0 && m.micros < end.getTime() * 1000).length, 0);
    const repliesBefore = f.sim.requests('conversations.replies');
    const positions = new Map<string, string | null>();
    const seen = new Map<string, ActivityEvent>();
    let last: { window: RunWindow; positions: Map<string, string | null>; keys: string[] } | null = null;
    try {
      for (const [i, from] of cuts.slice(0, -1).entries()) {
        const to = cuts[i + 1]!;
        const window = { start: from.toISOString(), end: to.toISOString() };
        // The server's clock runs ahead of the window's end: what lies past the end waits for the next read.
        f.sim.setNow(new Date(to.getTime() + 2 * 3_600_000));
        const before = new Map(positions);
        const read = await f.readAll(f.connector(), window, before);
        for (const event of read.events) {
          // The look-back is read again to find deletions: what was seen comes back as it stands now, and only it.
          if (!seen.has(event.sourceEventId)) expect(event.start >= from && event.start < to).toBe(true);
          seen.set(event.sourceEventId, event);
        }
        for (const [stream, batch] of read.batches) positions.set(stream, batch.position);
        last = { window, positions: before, keys: keysOf(read.events) };
      }
      // A thread is read again only when its latest reply moved: never once a day for the whole look-back.
      expect(f.sim.requests('conversations.replies') - repliesBefore).toBeLessThan(threads + 2 * lateThreads + 10);
      // A parent's isThread flips once replies arrive, so compare on everything but that.
      const strip = (k: string) => k.split('|').filter((_, i) => i !== 4).join('|');
      expect([...seen.values()].map(eventKey).map(strip).sort()).toEqual(expected(start, end, end).map(strip).sort());
      // Reading the same position twice returns the same events.
      const again = await f.readAll(f.connector(), last!.window, last!.positions);
      expect(keysOf(again.events)).toEqual(last!.keys);
    } finally {
      f.sim.setNow(end);
    }
  });

  it('refuses a wrong token with an AuthError naming SLACK_BOT_TOKEN', async () => {
    const connector = f.connector({ token: 'xoxb-wrong' });
    const failure = await connector.checkAccess().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).setting).toBe('SLACK_BOT_TOKEN');
    expect((failure as Error).message).toContain('SLACK_BOT_TOKEN');
    expect((failure as Error).message).not.toContain('xoxb-wrong');
    await expect(connector.readDirectory()).rejects.toBeInstanceOf(AuthError);
  });
});

describe('Slack connector on workspaces without user groups', () => {
  it.each([
    ['a free plan (plan_upgrade_required)', { plan: 'free' as const }, /^slack: user groups not available on this plan: teams from user groups skipped$/],
    ['no usergroups.list at all (unknown_method)', { withoutMethods: ['usergroups.list'] }, /^slack: user groups not available on this workspace \(usergroups.list unknown\): teams from user groups skipped$/],
  ])('reads %s: the people and channels, no teams, and says so', async (_, simulator, line) => {
    const f = await startSlackFixture({ seed: 15, simulator });
    try {
      const progress: string[] = [];
      const connector = f.connector({ progress: (l) => void progress.push(l) });
      const dir = await connector.readDirectory();
      expect(f.sim.requests('usergroups.list')).toBe(1);
      expect(dir.people).toHaveLength(f.org.people.length);
      expect(dir.teams).toEqual([]);
      expect(dir.memberships).toEqual([]);
      expect(progress).toHaveLength(1);
      expect(progress[0]).toMatch(line);
      const { events } = await f.readAll(connector, f.period);
      expect(events.length).toBeGreaterThan(100);
    } finally {
      await f.close();
    }
  });
});

describe('Slack connector under rate limits and revoked tokens', () => {
  it('rides out a 429 storm on conversations.history and returns the same events', async () => {
    const f = await startSlackFixture({ seed: 11 });
    try {
      const calm = await f.readAll(f.connector(), f.period);
      expect(f.sim.rateLimited()).toBe(0);
      f.sim.injectRateLimitStorm('conversations.history', 5);
      const started = Date.now();
      const stormy = await f.readAll(f.connector(), f.period);
      expect(f.sim.rateLimited()).toBe(5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(keysOf(stormy.events)).toEqual(keysOf(calm.events));
      expect(stormy.events.length).toBeGreaterThan(100);
    } finally {
      await f.close();
    }
  });

  it('paces requests within the tier budgets instead of bursting', async () => {
    const rateScale = 30; // Tier 3: 1500 requests a minute, 25 a second
    const f = await startSlackFixture({ seed: 12, rateScale });
    try {
      const connector = f.connector({ concurrency: 8 });
      const started = Date.now();
      await f.readAll(connector, f.period);
      const elapsed = (Date.now() - started) / 1000;
      const replies = f.sim.requests('conversations.replies');
      expect(replies).toBeGreaterThan(60);
      // Beyond a burst of 3, replies go out at 25 a second at most.
      expect(elapsed).toBeGreaterThanOrEqual((replies - 3) / 25 - 0.1);
      expect(f.sim.rateLimited()).toBe(0);
    } finally {
      await f.close();
    }
  });

  it('draws no 429 from a strict sliding window of exactly its budget, over many windows', async () => {
    // 60 times faster, in a one-second window: Tier 3 allows 50 calls in any second, Tier 2 20, no burst.
    const f = await startSlackFixture({ seed: 16, people: 60, rateScale: 60, simulator: { slidingWindowMs: 1000 } });
    try {
      const started = Date.now();
      const { events } = await f.readAll(f.connector({ concurrency: 8, rateWindowMs: 1000 }), f.period);
      const elapsed = (Date.now() - started) / 1000;
      const replies = f.sim.requests('conversations.replies');
      expect(replies).toBeGreaterThan(150);
      expect(events.length).toBeGreaterThan(100);
      expect(f.sim.rateLimited()).toBe(0);
      // Paced, not throttled by 429s: about the window's budget a second.
      expect(elapsed).toBeGreaterThanOrEqual(replies / 50 - 1);
    } finally {
      await f.close();
    }
  });

  it('stops with an AuthError when the token is revoked mid-run', async () => {
    const f = await startSlackFixture({ seed: 13 });
    try {
      const connector = f.connector();
      await connector.readDirectory();
      const [stream] = await connector.listStreams();
      f.sim.revokeToken();
      await expect(connector.fetchStream(stream!, null, f.period)).rejects.toThrow(/SLACK_BOT_TOKEN/);
    } finally {
      await f.close();
    }
  });
});

describe('Slack connector privacy', () => {
  it('lets no content, email or Slack user id through: events, directory, quarantine and errors', async () => {
    const f = await startSlackFixture({ seed: 14, malformed: 5 });
    try {
      const connector = f.connector();
      const dir = await connector.readDirectory();
      const { batches, events } = await f.readAll(connector, f.period);
      const wrong = (await f.connector({ token: 'xoxb-nope' }).readDirectory().catch((e: unknown) => e)) as Error;
      const outputs = {
        events,
        people: dir.people,
        memberships: dir.memberships,
        quarantined: [...batches.values()].flatMap((b) => b.quarantined),
        positions: [...batches.values()].map((b) => b.position),
        errors: [wrong.message],
      };
      expect(outputs.events.length).toBeGreaterThan(100);
      expect(outputs.quarantined.length).toBe(5);
      const json = JSON.stringify(outputs);
      expect(json).not.toContain(CANARY);
      expect(json).not.toContain('@');
      expect(json).not.toMatch(slackUserId);
      // The identities (vault only) are where the emails and ids go.
      expect(JSON.stringify(dir.identities)).toMatch(slackUserId);
    } finally {
      await f.close();
    }
  });
});
