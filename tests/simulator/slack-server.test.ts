import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { SLACK_METHOD_TIERS } from '../../simulator/slack/slack-rate-tiers.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';

const TOKEN = 'xoxb-simulated-token';
const END = new Date('2026-03-02T00:00:00Z');
const org = generateOrganisation({ seed: 8, people: 60, weeks: 4, end: END });
const workspace = buildSlackWorkspace(org, { malformed: 3 });

type Body = Record<string, unknown> & { ok: boolean; error?: string; response_metadata?: { next_cursor: string } };
type Msg = { ts: string; user?: string; thread_ts?: string; reply_count?: number; latest_reply?: string; reply_users?: string[] };

/** A form-encoded POST as @slack/web-api sends it. */
async function call(sim: SlackSimulator, method: string, args: Record<string, string> = {}, token: string | null = TOKEN): Promise<{ status: number; body: Body; headers: Headers }> {
  const res = await fetch(`${sim.url}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new URLSearchParams(args).toString(),
  });
  return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
}

/** Follows next_cursor to the end and returns every page. */
async function allPages(sim: SlackSimulator, method: string, args: Record<string, string>): Promise<Body[]> {
  const pages: Body[] = [];
  let cursor = '';
  do {
    const { body } = await call(sim, method, cursor ? { ...args, cursor } : args);
    expect(body.ok).toBe(true);
    pages.push(body);
    cursor = body.response_metadata?.next_cursor ?? '';
  } while (cursor && pages.length < 10_000);
  return pages;
}

const readable = workspace.channels.filter((c) => c.is_member && !c.is_archived);
const busiest = [...readable].sort((a, b) => (workspace.messages.get(b.id)?.length ?? 0) - (workspace.messages.get(a.id)?.length ?? 0))[0]!;
const visibleTopLevel = (channel: string, nowMs: number) => (workspace.messages.get(channel) ?? []).filter((m) => m.micros <= nowMs * 1000);

describe('Slack simulator: wire format', () => {
  let sim: SlackSimulator;
  beforeAll(async () => {
    sim = await startSlackSimulator({ workspace, token: TOKEN, now: END, rateScale: 1000 });
  });
  afterAll(() => sim.close());

  it('serves on a loopback /api/ base url and answers auth.test with the bot identity', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const { status, body } = await call(sim, 'auth.test');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, team_id: workspace.team.id, user_id: workspace.bot.userId, bot_id: workspace.bot.botId });
  });

  it('accepts the token as a form field, a JSON body and a GET query string', async () => {
    const form = await call(sim, 'auth.test', { token: TOKEN }, null);
    expect(form.body.ok).toBe(true);
    const json = await fetch(`${sim.url}users.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ limit: 5 }),
    });
    expect(((await json.json()) as { members: unknown[] }).members).toHaveLength(5);
    const get = await fetch(`${sim.url}users.list?limit=3&token=${TOKEN}`);
    expect(((await get.json()) as { members: unknown[] }).members).toHaveLength(3);
  });

  it('answers not_authed, invalid_auth and unknown_method with HTTP 200', async () => {
    const none = await call(sim, 'users.list', {}, null);
    expect([none.status, none.body.error]).toEqual([200, 'not_authed']);
    const wrong = await call(sim, 'users.list', {}, 'xoxb-wrong');
    expect([wrong.status, wrong.body.ok, wrong.body.error]).toEqual([200, false, 'invalid_auth']);
    const unknown = await call(sim, 'chat.teleport');
    expect([unknown.status, unknown.body.error]).toEqual([200, 'unknown_method']);
  });

  it('pages users.list with opaque cursors, empty on the last page, covering every user once', async () => {
    const pages = await allPages(sim, 'users.list', { limit: '7' });
    const ids = pages.flatMap((p) => (p.members as { id: string }[]).map((m) => m.id));
    expect(pages.length).toBe(Math.ceil(workspace.users.length / 7));
    expect(ids.sort()).toEqual(workspace.users.map((u) => u.id).sort());
    expect(pages.at(-1)?.response_metadata?.next_cursor).toBe('');
    const cursor = pages[0]?.response_metadata?.next_cursor ?? '';
    expect(cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await call(sim, 'users.list', { cursor: 'not-a-cursor' })).body.error).toBe('invalid_cursor');
  });

  it('lists usergroups with users only on request and disabled ones only on request', async () => {
    const plain = (await call(sim, 'usergroups.list')).body.usergroups as { users?: string[]; date_delete: number }[];
    expect(plain.every((g) => g.users === undefined && g.date_delete === 0)).toBe(true);
    const full = (await call(sim, 'usergroups.list', { include_users: 'true', include_disabled: 'true' })).body.usergroups as { users?: string[] }[];
    expect(full.length).toBe(plain.length + 1);
    expect(full.every((g) => Array.isArray(g.users) && g.users.length > 0)).toBe(true);
  });

  it('filters conversations.list by types and exclude_archived', async () => {
    const ids = async (args: Record<string, string>) => (await allPages(sim, 'conversations.list', { limit: '4', ...args })).flatMap((p) => (p.channels as { id: string }[]).map((c) => c.id));
    const publicOnly = await ids({});
    expect(publicOnly.sort()).toEqual(workspace.channels.filter((c) => !c.is_private).map((c) => c.id).sort());
    const both = await ids({ types: 'public_channel,private_channel', exclude_archived: 'true' });
    expect(both.sort()).toEqual(workspace.channels.filter((c) => !c.is_archived && (!c.is_private || c.is_member)).map((c) => c.id).sort());
  });

  it('pages conversations.history newest first across pages, top-level only, nothing after now', async () => {
    const pages = await allPages(sim, 'conversations.history', { channel: busiest.id, limit: '150' });
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages.slice(0, -1)) expect(p.has_more).toBe(true);
    expect(pages.at(-1)?.has_more).toBe(false);
    const got = pages.flatMap((p) => p.messages as Msg[]);
    const expected = visibleTopLevel(busiest.id, END.getTime()).map((m) => m.micros).reverse();
    expect(got.length).toBe(expected.length);
    const allTs = new Set((workspace.messages.get(busiest.id) ?? []).map((m) => m.ts));
    expect(got.filter((m) => m.ts !== undefined).every((m) => allTs.has(m.ts))).toBe(true);
    const numeric = got.filter((m) => /^\d+\.\d+$/.test(String(m.ts))).map((m) => Number(m.ts));
    expect(numeric).toEqual([...numeric].sort((a, b) => b - a));
    expect(numeric.every((t) => t * 1000 <= END.getTime())).toBe(true);
    expect(got.some((m) => m.reply_count !== undefined && m.thread_ts === m.ts)).toBe(true);
  });

  it('applies oldest/latest (exclusive unless inclusive) and caps limit at 999', async () => {
    const list = visibleTopLevel(busiest.id, END.getTime());
    const a = list[10]!;
    const b = list[40]!;
    const exclusive = (await call(sim, 'conversations.history', { channel: busiest.id, oldest: a.ts, latest: b.ts })).body.messages as Msg[];
    expect(exclusive.map((m) => m.ts)).toEqual(list.slice(11, 40).map((m) => m.wire.ts).reverse());
    const inclusive = (await call(sim, 'conversations.history', { channel: busiest.id, oldest: a.ts, latest: b.ts, inclusive: 'true' })).body.messages as Msg[];
    expect(inclusive.length).toBe(31);
    const big = await call(sim, 'conversations.history', { channel: busiest.id, limit: '5000' });
    expect((big.body.messages as Msg[]).length).toBe(Math.min(999, list.length));
    expect((await call(sim, 'conversations.history', { channel: busiest.id, oldest: 'yesterday' })).body.error).toBe('invalid_ts_oldest');
  });

  it('returns replies parent first then ascending, paged, and thread_not_found for an unknown ts', async () => {
    const parent = [...workspace.messages.values()].flat().find((m) => m.replies.length >= 4 && m.replies.at(-1)!.micros <= END.getTime() * 1000)!;
    const channel = [...workspace.messages].find(([, l]) => l.includes(parent))![0];
    const pages = await allPages(sim, 'conversations.replies', { channel, ts: parent.ts, limit: '2' });
    const got = pages.flatMap((p) => p.messages as Msg[]);
    expect(got.map((m) => m.ts)).toEqual([parent.ts, ...parent.replies.map((r) => r.ts)]);
    expect(got[0]?.reply_count).toBe(parent.replies.length);
    expect(got.slice(1).every((m) => m.thread_ts === parent.ts)).toBe(true);
    const since = await call(sim, 'conversations.replies', { channel, ts: parent.ts, oldest: parent.replies[1]!.ts });
    expect((since.body.messages as Msg[]).map((m) => m.ts)).toEqual([parent.ts, ...parent.replies.slice(2).map((r) => r.ts)]);
    expect((await call(sim, 'conversations.replies', { channel, ts: '1000000000.000001' })).body.error).toBe('thread_not_found');
  });

  it('answers channel_not_found and not_in_channel', async () => {
    expect((await call(sim, 'conversations.history', { channel: 'CNOPE0000' })).body.error).toBe('channel_not_found');
    const outside = workspace.channels.find((c) => !c.is_member)!;
    expect((await call(sim, 'conversations.history', { channel: outside.id })).body.error).toBe('not_in_channel');
    expect((await call(sim, 'conversations.replies', { channel: outside.id, ts: '1700000000.000100' })).body.error).toBe('not_in_channel');
  });

  it('serves malformed messages as recorded', async () => {
    const ref = workspace.malformed.find((x) => x.kind === 'numeric_user')!;
    const { body } = await call(sim, 'conversations.history', { channel: ref.channel, oldest: ref.ts, latest: ref.ts, inclusive: 'true' });
    expect((body.messages as { user: unknown }[]).map((m) => typeof m.user)).toEqual(['number']);
  });

  it('moves latest_reply and reply_count with the clock', async () => {
    const parent = [...workspace.messages.values()].flat().find((m) => m.replies.length >= 3 && m.micros < END.getTime() * 1000 - 86_400e6)!;
    const channel = [...workspace.messages].find(([, l]) => l.includes(parent))![0];
    const view = async () => {
      const { body } = await call(sim, 'conversations.history', { channel, oldest: parent.ts, latest: parent.ts, inclusive: 'true' });
      return (body.messages as Msg[])[0];
    };
    const [first, second] = parent.replies;
    sim.setNow(new Date(Math.ceil(first!.micros / 1000)));
    const early = await view();
    expect([early?.reply_count, early?.latest_reply]).toEqual([1, first!.ts]);
    sim.setNow(new Date(Math.ceil(second!.micros / 1000)));
    const later = await view();
    expect([later?.reply_count, later?.latest_reply]).toEqual([2, second!.ts]);
    sim.setNow(new Date(Math.ceil(parent.micros / 1000)));
    expect((await view())?.reply_count).toBeUndefined();
    sim.setNow(END);
  });

  it('counts requests per method and revokes the token', async () => {
    const before = sim.requests('auth.test');
    await call(sim, 'auth.test');
    expect(sim.requests('auth.test')).toBe(before + 1);
    expect(sim.requests()).toBeGreaterThan(sim.requests('auth.test'));
    sim.revokeToken();
    expect((await call(sim, 'auth.test')).body.error).toBe('invalid_auth');
  });
});

describe('Slack simulator: rate limits', () => {
  it('exports the documented tiers', () => {
    expect(SLACK_METHOD_TIERS['users.list']?.perMinute).toBe(20);
    expect(SLACK_METHOD_TIERS['conversations.history']?.perMinute).toBe(50);
    expect(SLACK_METHOD_TIERS['auth.test']?.perMinute).toBe(100);
  });

  it('answers 429 with an integer Retry-After once a Tier 2 method is burst at rateScale 1', async () => {
    const sim = await startSlackSimulator({ workspace, token: TOKEN, now: END });
    try {
      const results = [];
      for (let i = 0; i < 8; i++) results.push(await call(sim, 'users.list', { limit: '1' }));
      expect(results[0]?.status).toBe(200);
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(4);
      expect(results.slice(0, 3).every((r) => r.status === 200)).toBe(true);
      for (const r of limited) {
        expect(r.body).toEqual({ ok: false, error: 'ratelimited' });
        expect(r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      }
      expect(sim.rateLimited()).toBe(limited.length);
      expect((await call(sim, 'auth.test')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('injects a storm of 429s with Retry-After: 1 for one method only', async () => {
    const sim = await startSlackSimulator({ workspace, token: TOKEN, now: END, rateScale: 1000 });
    try {
      sim.injectRateLimitStorm('conversations.list', 2);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await call(sim, 'conversations.list'));
      expect(statuses.map((s) => s.status)).toEqual([429, 429, 200]);
      expect(statuses[0]?.headers.get('retry-after')).toBe('1');
      expect((await call(sim, 'users.list')).status).toBe(200);
      expect(sim.rateLimited()).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
