import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleApi } from '../../../connectors/google/google-api.ts';
import { createRetryPolicy } from '../../../connectors/http/retry-policy.ts';
import { createGmailChannel, type GmailChannelOptions } from '../../../connectors/nudge/gmail-channel.ts';
import { AuthError, ConfigError, TransientError } from '../../../models/errors.ts';
import type { NudgeMessage, NudgeRecipient } from '../../../models/nudge.ts';
import { startGoogleSimulator, type GoogleSimulator } from '../../../simulator/google/google-server.ts';
import { generateOrganisation } from '../../../simulator/organisation/generate-organisation.ts';

const message: NudgeMessage = {
  subject: 'A quieter evening?',
  text: 'You worked after hours on 4 of the last 5 days.',
  blocks: [],
};

describe('Gmail nudge channel on the simulated Workspace', () => {
  let sim: GoogleSimulator;
  let sender: string;
  let people: string[];

  const channel = (overrides: Partial<GmailChannelOptions> = {}) =>
    createGmailChannel({ api: createGoogleApi({ serviceAccount: sim.credentials.serviceAccount, apiUrl: sim.url, rateLimitBackoffMs: 20, requestsPerMinute: { gmail: 600_000 } }), sender, ...overrides });
  const to = (email: string | null): NudgeRecipient => ({ email, slackUserId: null });

  beforeEach(async () => {
    const org = generateOrganisation({ seed: 3, people: 24, weeks: 1, end: new Date('2026-03-04T12:00:00Z') });
    sim = await startGoogleSimulator({ organisation: org, now: org.period.end, rateScale: 1000 });
    const active = sim.tenant.users.filter((u) => !u.suspended).map((u) => u.email);
    [sender, ...people] = active as [string, ...string[]];
  });
  afterEach(() => sim.close());

  it('reaches only recipients with a plain e-mail address', () => {
    const c = channel();
    expect(c.kind).toBe('google');
    expect(c.canReach(to(people[0]!))).toBe(true);
    expect(c.canReach(to(null))).toBe(false);
    expect(c.canReach(to('a@example.com; b@example.com'))).toBe(false);
  });

  it('sends to exactly the addressed person with the key as Message-ID, and finds it among the sent messages afterwards', async () => {
    const [alice, bob] = people as [string, string];
    const c = channel();
    expect(await c.wasDelivered('nudge-1', to(alice))).toBe(false);
    await c.deliver('nudge-1', to(alice), message);
    expect(sim.deliveries()).toEqual([{ channel: 'google', to: alice, key: 'nudge-1@nudge.attune', text: message.text }]);
    expect(await c.wasDelivered('nudge-1', to(alice))).toBe(true);
    expect(await c.wasDelivered('nudge-2', to(alice))).toBe(false);
    await c.deliver('nudge-2', to(bob), message);
    expect(sim.deliveries().map((d) => [d.to, d.key])).toEqual([
      [alice, 'nudge-1@nudge.attune'],
      [bob, 'nudge-2@nudge.attune'],
    ]);
    expect(await c.wasDelivered('nudge-2', to(bob))).toBe(true);
  });

  it('still finds a sent nudge when Gmail puts a Message-ID of its own on it', async () => {
    const [alice] = people as [string];
    sim.replaceGmailMessageIds();
    const c = channel();
    await c.deliver('nudge-9', to(alice), message);
    expect(sim.deliveries()[0]?.key).toMatch(/@mail\.gmail\.com$/);
    expect(await c.wasDelivered('nudge-9', to(alice))).toBe(true);
    expect(await c.wasDelivered('nudge-10', to(alice))).toBe(false);
  });

  it('looks through several pages of sent messages, up to its lookback', async () => {
    const c = channel();
    await c.deliver('old-one', to(people[0]!), message);
    for (let i = 0; i < 105; i++) await c.deliver(`later-${i}`, to(people[1]!), message);
    expect(await channel({ lookback: 150 }).wasDelivered('old-one', to(people[0]!))).toBe(true);
    expect(await channel({ lookback: 100 }).wasDelivered('old-one', to(people[0]!))).toBe(false);
  });

  it('gives an AuthError naming GOOGLE_SERVICE_ACCOUNT_FILE once the delegation is revoked, sending nothing', async () => {
    sim.revoke();
    const error = await channel().deliver('nudge-1', to(people[0]!), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).setting).toBe('GOOGLE_SERVICE_ACCOUNT_FILE');
    expect((error as Error).message).toContain('gmail.send');
    await expect(channel().wasDelivered('nudge-1', to(people[0]!))).rejects.toBeInstanceOf(AuthError);
    expect(sim.deliveries()).toEqual([]);
  });

  it('gives an AuthError naming ATTUNE_NUDGE_SENDER for a sender Google will not impersonate', async () => {
    const suspended = sim.tenant.users.find((u) => u.suspended)!.email;
    const error = await channel({ sender: suspended }).deliver('nudge-1', to(people[0]!), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).setting).toBe('ATTUNE_NUDGE_SENDER');
    expect(() => channel({ sender: 'nobody' })).toThrow(ConfigError);
    expect(sim.deliveries()).toEqual([]);
  });

  it('rides out a 503 with a retry; gives a TransientError once the attempts are spent, and sends on the next try', async () => {
    const c = channel({ api: createGoogleApi({ serviceAccount: sim.credentials.serviceAccount, apiUrl: sim.url, retry: createRetryPolicy({ attemptsPerRequest: 2, baseDelayMs: 5 }) }) });
    sim.injectServerErrors(1);
    await c.deliver('nudge-0', to(people[1]!), message);
    expect(sim.deliveries()).toHaveLength(1);
    sim.injectServerErrors(2);
    await expect(c.deliver('nudge-1', to(people[0]!), message)).rejects.toBeInstanceOf(TransientError);
    expect(sim.deliveries()).toHaveLength(1);
    await c.deliver('nudge-1', to(people[0]!), message);
    expect(sim.deliveries()).toHaveLength(2);
  });
});
