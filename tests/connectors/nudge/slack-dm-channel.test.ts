import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackDmChannel } from '../../../connectors/nudge/slack-dm-channel.ts';
import { createSlackApi } from '../../../connectors/slack/slack-api.ts';
import { AuthError, ConfigError, TransientError } from '../../../models/errors.ts';
import type { NudgeMessage, NudgeRecipient } from '../../../models/nudge.ts';
import { startSlackFixture, type SlackFixture } from '../slack-fixture.ts';

const message: NudgeMessage = {
  subject: 'A quieter evening?',
  text: 'You worked after hours on 4 of the last 5 days.',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You worked after hours on *4 of the last 5 days*.' } }],
};

describe('Slack DM nudge channel on the simulated workspace', () => {
  let f: SlackFixture;
  let people: string[];
  const channel = (token = f.token) => createSlackDmChannel({ api: createSlackApi({ token, apiUrl: f.sim.url, tierBudgets: { 3: 50_000, special: 60_000 }, retry: { attemptsPerRequest: 3, baseDelayMs: 5 } }) });
  const to = (slackUserId: string | null): NudgeRecipient => ({ email: null, slackUserId });

  beforeEach(async () => {
    f = await startSlackFixture({ people: 24, weeks: 1 });
    people = [...f.workspace.userIdByPerson.values()];
  });
  afterEach(() => f.close());

  it('reaches only recipients with a Slack user id', () => {
    expect(channel().canReach(to(people[0]!))).toBe(true);
    expect(channel().canReach({ email: 'someone@example.com', slackUserId: null })).toBe(false);
    expect(channel().kind).toBe('slack');
  });

  it('delivers to exactly the addressed person, with the key in the message metadata, and finds it afterwards', async () => {
    const [alice, bob] = people as [string, string];
    const c = channel();
    expect(await c.wasDelivered('nudge-1', to(alice))).toBe(false);
    await c.deliver('nudge-1', to(alice), message);
    expect(f.sim.deliveries()).toEqual([{ channel: 'slack', slackUserId: alice, key: 'nudge-1', text: message.text }]);
    expect(await c.wasDelivered('nudge-1', to(alice))).toBe(true);
    // Another key, and the same key in another person's DM, are not delivered.
    expect(await c.wasDelivered('nudge-2', to(alice))).toBe(false);
    expect(await c.wasDelivered('nudge-1', to(bob))).toBe(false);

    await c.deliver('nudge-3', to(bob), message);
    expect(f.sim.deliveries().map((d) => [d.slackUserId, d.key])).toEqual([
      [alice, 'nudge-1'],
      [bob, 'nudge-3'],
    ]);
    expect(f.sim.requests('conversations.open')).toBeGreaterThanOrEqual(2);
  });

  it('finds a key among many later messages, across history pages', async () => {
    const [alice] = people as [string];
    const c = createSlackDmChannel({ api: createSlackApi({ token: f.token, apiUrl: f.sim.url, tierBudgets: { 3: 50_000, special: 60_000 } }), lookback: 150 });
    await c.deliver('old-one', to(alice), message);
    for (let i = 0; i < 120; i++) await c.deliver(`later-${i}`, to(alice), message);
    const before = f.sim.requests('conversations.history');
    expect(await c.wasDelivered('old-one', to(alice))).toBe(true);
    expect(f.sim.requests('conversations.history') - before).toBe(2);
    const tight = createSlackDmChannel({ api: createSlackApi({ token: f.token, apiUrl: f.sim.url, tierBudgets: { 3: 50_000 } }), lookback: 50 });
    expect(await tight.wasDelivered('old-one', to(alice))).toBe(false);
  });

  it('stops with an AuthError naming SLACK_BOT_TOKEN when the token is revoked, and nothing is posted', async () => {
    const [alice] = people as [string];
    f.sim.revokeToken('token_revoked');
    const error = await channel().deliver('nudge-1', to(alice), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).setting).toBe('SLACK_BOT_TOKEN');
    expect((error as Error).message).toContain('token_revoked');
    await expect(channel().wasDelivered('nudge-1', to(alice))).rejects.toBeInstanceOf(AuthError);
    expect(f.sim.deliveries()).toEqual([]);
    const wrong = await channel('xoxb-not-the-token').deliver('nudge-1', to(alice), message).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthError);
    expect((wrong as Error).message).not.toContain('not-the-token');
  });

  it('rides out one 5xx on chat.postMessage with the client’s retries, and gives a TransientError when they run out', async () => {
    const [alice, bob] = people as [string, string];
    f.sim.injectServerErrors('chat.postMessage', 1);
    await channel().deliver('nudge-1', to(alice), message);
    expect(f.sim.deliveries().map((d) => d.key)).toEqual(['nudge-1']);

    f.sim.injectServerErrors('chat.postMessage', 3);
    const error = await channel().deliver('nudge-2', to(bob), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(f.sim.deliveries().map((d) => d.key)).toEqual(['nudge-1']);
  });

  it('answers unreachable for bots, deactivated and unknown users, posting nothing; a missing id is a caller error', async () => {
    expect(await channel().deliver('nudge-1', to(f.workspace.postingBot.userId), message)).toBe('unreachable');
    expect(await channel().deliver('nudge-1', to(f.workspace.formerUserIds[0]!), message)).toBe('unreachable');
    expect(await channel().deliver('nudge-1', to('U00000000'), message)).toBe('unreachable');
    await expect(channel().deliver('nudge-1', to(null), message)).rejects.toBeInstanceOf(ConfigError);
    expect(f.sim.deliveries()).toEqual([]);
  });
});
