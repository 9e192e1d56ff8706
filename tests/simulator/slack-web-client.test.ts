import { ErrorCode, WebClient, type ConversationsHistoryResponse, type UsersListResponse } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';

const TOKEN = 'xoxb-web-client';
const END = new Date('2026-03-02T00:00:00Z');
const workspace = buildSlackWorkspace(generateOrganisation({ seed: 3, people: 40, weeks: 3, end: END }));

describe('Slack simulator with the real @slack/web-api client', () => {
  let sim: SlackSimulator;
  let client: WebClient;
  beforeAll(async () => {
    sim = await startSlackSimulator({ workspace, token: TOKEN, now: END, rateScale: 1000 });
    client = new WebClient(TOKEN, { slackApiUrl: sim.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => sim.close());

  it('authenticates and paginates users.list and conversations.history', async () => {
    expect((await client.auth.test()).user_id).toBe(workspace.bot.userId);
    const users: string[] = [];
    for await (const page of client.paginate('users.list', { limit: 9 })) users.push(...((page as UsersListResponse).members ?? []).map((m) => m.id ?? ''));
    expect(users.sort()).toEqual(workspace.users.map((u) => u.id).sort());

    const channel = workspace.channels.find((c) => c.name === 'general')!;
    let count = 0;
    for await (const page of client.paginate('conversations.history', { channel: channel.id, limit: 50 })) count += (page as ConversationsHistoryResponse).messages?.length ?? 0;
    expect(count).toBe(workspace.messages.get(channel.id)?.filter((m) => m.micros <= END.getTime() * 1000).length);
    expect(sim.requests('conversations.history')).toBe(Math.ceil(count / 50));
  });

  it('surfaces not_in_channel as a platform error and 429 as a rate-limit error', async () => {
    const outside = workspace.channels.find((c) => !c.is_member)!;
    await expect(client.conversations.history({ channel: outside.id })).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'not_in_channel' } });
    const strict = new WebClient(TOKEN, { slackApiUrl: sim.url, rejectRateLimitedCalls: true });
    sim.injectRateLimitStorm('users.list', 1);
    await expect(strict.users.list({})).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
  });
});
