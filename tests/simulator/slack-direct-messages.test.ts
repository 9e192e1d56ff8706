import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';

const TOKEN = 'xoxb-simulated-token';
const org = generateOrganisation({ seed: 5, people: 24, weeks: 1, end: new Date('2026-03-02T00:00:00Z') });
const workspace = buildSlackWorkspace(org);
const [alice, bob] = [...workspace.userIdByPerson.values()] as [string, string];

type Body = Record<string, unknown> & { ok: boolean; error?: string };

describe('simulated Slack direct messages', () => {
  let sim: SlackSimulator;
  const call = async (method: string, args: Record<string, string>): Promise<Body> => {
    const res = await fetch(`${sim.url}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${TOKEN}` },
      body: new URLSearchParams(args).toString(),
    });
    return (await res.json()) as Body;
  };
  const open = async (users: string) => ((await call('conversations.open', { users })).channel as { id: string } | undefined)?.id;

  beforeAll(async () => {
    sim = await startSlackSimulator({ workspace, token: TOKEN, now: org.period.end, rateScale: 1000 });
  });
  afterAll(() => sim.close());

  it('opens one stable D… channel per person, and refuses bots, unknown users, deleted users and group DMs', async () => {
    const first = await open(alice);
    expect(first).toMatch(/^D[0-9A-Z]{8}$/);
    expect(await open(alice)).toBe(first);
    expect(await open(bob)).not.toBe(first);
    expect((await call('conversations.open', { users: workspace.postingBot.userId })).error).toBe('cannot_dm_bot');
    expect((await call('conversations.open', { users: 'U00000000' })).error).toBe('user_not_found');
    expect((await call('conversations.open', { users: workspace.formerUserIds[0]! })).error).toBe('user_disabled');
    expect((await call('conversations.open', { users: `${alice},${bob}` })).error).toBe('not_supported');
    expect((await call('conversations.open', {})).error).toBe('users_list_not_supplied');
  });

  it('posts into a DM, answers like Slack, and shows metadata in history only when asked', async () => {
    const channel = (await open(alice)) as string;
    const metadata = JSON.stringify({ event_type: 'attune_nudge', event_payload: { nudge_key: 'k-1' } });
    const posted = await call('chat.postMessage', { channel, text: 'hello', blocks: '[{"type":"section","text":{"type":"mrkdwn","text":"hello"}}]', metadata });
    expect(posted).toMatchObject({ ok: true, channel, message: { type: 'message', user: workspace.bot.userId, text: 'hello' } });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    const plain = await call('conversations.history', { channel });
    expect((plain.messages as Body[])[0]).not.toHaveProperty('metadata');
    const withMetadata = await call('conversations.history', { channel, include_all_metadata: 'true' });
    expect((withMetadata.messages as Body[])[0]).toMatchObject({ ts: posted.ts, metadata: { event_type: 'attune_nudge', event_payload: { nudge_key: 'k-1' } } });
    expect(sim.deliveries()).toContainEqual({ channel: 'slack', slackUserId: alice, key: 'k-1', text: 'hello' });
  });

  it('refuses malformed posts and posts outside DMs without recording anything', async () => {
    const channel = (await open(bob)) as string;
    const before = sim.deliveries().length;
    expect((await call('chat.postMessage', { channel })).error).toBe('no_text');
    expect((await call('chat.postMessage', { channel, text: 'x', blocks: 'not json' })).error).toBe('invalid_blocks');
    expect((await call('chat.postMessage', { channel, text: 'x', metadata: '{' })).error).toBe('invalid_metadata_format');
    expect((await call('chat.postMessage', { channel, text: 'x', metadata: '{"event_payload":{}}' })).error).toBe('invalid_metadata_schema');
    expect((await call('chat.postMessage', { channel: workspace.channels[0]!.id, text: 'x' })).error).toBe('channel_not_found');
    expect(sim.deliveries()).toHaveLength(before);
  });
});
