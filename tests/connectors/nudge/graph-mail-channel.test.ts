import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGraphMailChannel } from '../../../connectors/nudge/graph-mail-channel.ts';
import { createGraphApi, type GraphApiOptions } from '../../../connectors/microsoft/graph-api.ts';
import { AuthError, ConfigError, TransientError } from '../../../models/errors.ts';
import type { NudgeMessage, NudgeRecipient } from '../../../models/nudge.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from '../microsoft/microsoft-fixture.ts';

const message: NudgeMessage = {
  subject: 'Une soirée plus calme ?',
  text: 'You worked after hours on 4 of the last 5 days.\nTake the evening off — you earned it.',
  blocks: [],
};

describe('Graph mail nudge channel on the simulated tenant', () => {
  let f: MicrosoftFixture;
  let sender: string;
  let people: string[];

  const api = (overrides: Partial<GraphApiOptions> = {}) =>
    createGraphApi({ tenantId: f.sim.tenantId, clientId: f.sim.clientId, clientSecret: f.sim.clientSecret, graphUrl: f.sim.baseUrl, loginUrl: f.sim.loginUrl, ca: f.sim.ca, ...overrides });
  const channel = (overrides: Partial<GraphApiOptions> = {}) => createGraphMailChannel({ api: api(overrides), sender, now: () => new Date('2026-03-02T09:00:00Z') });
  const to = (email: string | null): NudgeRecipient => ({ email, slackUserId: null });

  beforeEach(async () => {
    f = await startMicrosoftFixture({ people: 24, weeks: 1 });
    const withMailbox = f.sim.tenant.directory.users.filter((u) => u.mailbox !== null && typeof u.wire.mail === 'string');
    sender = String(withMailbox[0]!.wire.mail);
    people = withMailbox.slice(1, 3).map((u) => String(u.wire.mail).toLowerCase());
  });
  afterEach(() => f.close());

  it('reaches only recipients with a plain e-mail address', () => {
    const c = channel();
    expect(c.kind).toBe('microsoft');
    expect(c.canReach(to('ada@example.com'))).toBe(true);
    expect(c.canReach(to(null))).toBe(false);
    expect(c.canReach(to('ada@example.com, eve@example.com'))).toBe(false);
    expect(c.canReach(to('ada@example.com\r\nBcc: eve@example.com'))).toBe(false);
  });

  it('sends a MIME message to exactly the addressed person, Message-ID carrying the key, found in Sent Items afterwards', async () => {
    const [alice, bob] = people as [string, string];
    const c = channel();
    expect(await c.wasDelivered('nudge-1', to(alice))).toBe(false);
    await c.deliver('nudge-1', to(alice), message);
    expect(f.sim.deliveries()).toEqual([{ channel: 'microsoft', to: alice, key: 'nudge-1@nudge.attune', text: message.text.replace(/\n/g, '\r\n') }]);
    expect(await c.wasDelivered('nudge-1', to(alice))).toBe(true);
    expect(await c.wasDelivered('nudge-2', to(alice))).toBe(false);
    await c.deliver('a:b/c', to(bob), message);
    expect(f.sim.deliveries().map((d) => d.to)).toEqual([alice, bob]);
    expect(await c.wasDelivered('a:b/c', to(bob))).toBe(true);
    expect(f.sim.requests('sendMail')).toBe(2);
  });

  it('gives an AuthError naming MS_CLIENT_ID and Mail.Send when the permission is missing, sending nothing', async () => {
    f.sim.withholdPermission('Mail.Send');
    const error = await channel().deliver('nudge-1', to(people[0]!), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).setting).toBe('MS_CLIENT_ID');
    expect((error as Error).message).toContain('Mail.Send');
    expect(f.sim.deliveries()).toEqual([]);
    f.sim.withholdPermission('Mail.ReadBasic.All');
    const lookup = await channel().wasDelivered('nudge-1', to(people[0]!)).catch((e: unknown) => e);
    expect((lookup as Error).message).toContain('Mail.ReadBasic.All');
  });

  it('gives an AuthError naming MS_CLIENT_SECRET after revocation, sending nothing', async () => {
    const c = channel();
    await c.wasDelivered('nudge-0', to(people[0]!));
    f.sim.revoke();
    const error = await c.deliver('nudge-1', to(people[0]!), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).setting).toBe('MS_CLIENT_SECRET');
    expect(f.sim.deliveries()).toEqual([]);
  });

  it("rides out a 503 with the client's retries; gives a TransientError once they are spent, and sends on the next try", async () => {
    const c = channel({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
    f.sim.injectServerErrors(1);
    await c.deliver('nudge-0', to(people[1]!), message);
    expect(f.sim.deliveries()).toHaveLength(1);
    f.sim.injectServerErrors(2);
    await expect(c.deliver('nudge-1', to(people[0]!), message)).rejects.toBeInstanceOf(TransientError);
    expect(f.sim.deliveries()).toHaveLength(1);
    await c.deliver('nudge-1', to(people[0]!), message);
    expect(f.sim.deliveries()).toHaveLength(2);
  });

  it('names ATTUNE_NUDGE_SENDER for a sender that is not a mailbox of the tenant, or not an address', async () => {
    const c = createGraphMailChannel({ api: api(), sender: `nobody@${sender.split('@')[1]}` });
    const error = await c.deliver('nudge-1', to(people[0]!), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe('ATTUNE_NUDGE_SENDER');
    await expect(c.wasDelivered('nudge-1', to(people[0]!))).rejects.toBeInstanceOf(ConfigError);
    expect(() => createGraphMailChannel({ api: api(), sender: 'not an address' })).toThrow(ConfigError);
    await expect(channel().deliver('nudge-1', to(null), message)).rejects.toBeInstanceOf(ConfigError);
    expect(f.sim.deliveries()).toEqual([]);
  });
});
