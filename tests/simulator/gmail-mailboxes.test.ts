import { gmail } from '@googleapis/gmail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleJwt } from '../../connectors/google/create-google-jwt.ts';
import { startGoogleSimulator, type GoogleSimulator } from '../../simulator/google/google-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';

const SEND = 'https://www.googleapis.com/auth/gmail.send';
const METADATA = 'https://www.googleapis.com/auth/gmail.metadata';
const statusOf = (e: unknown) => (e as { response?: { status?: number } }).response?.status;

describe('simulated Gmail', () => {
  let sim: GoogleSimulator;
  let sender: string;
  const client = (scope: string, subject = sender) => gmail({ version: 'v1', rootUrl: sim.url, retry: false, auth: createGoogleJwt(sim.credentials.serviceAccount, subject, scope) });
  const raw = (lines: string[]) => Buffer.from(lines.join('\r\n')).toString('base64url');

  beforeAll(async () => {
    const org = generateOrganisation({ seed: 4, people: 24, weeks: 1, end: new Date('2026-03-04T12:00:00Z') });
    sim = await startGoogleSimulator({ organisation: org, now: org.period.end, rateScale: 1000 });
    sender = sim.tenant.users.find((u) => !u.suspended)!.email;
  });
  afterAll(() => sim.close());

  it('sends as the impersonated user, keeps the Message-ID, and serves it as metadata only', async () => {
    const sent = await client(SEND).users.messages.send({ userId: 'me', requestBody: { raw: raw(['To: ada@example.com, Bo <bo@example.com>', 'Subject: hi', 'Message-ID: <k-1@nudge.attune>', '', 'hello']) } });
    expect(sent.data.labelIds).toEqual(['SENT']);
    expect(sim.deliveries().map((d) => [d.to, d.key, d.text])).toEqual([
      ['ada@example.com', 'k-1@nudge.attune', 'hello'],
      ['bo@example.com', 'k-1@nudge.attune', 'hello'],
    ]);
    const reader = client(METADATA);
    const list = await reader.users.messages.list({ userId: 'me', labelIds: ['SENT'] });
    expect(list.data.messages?.map((m) => m.id)).toEqual([sent.data.id]);
    const got = await reader.users.messages.get({ userId: sender, id: sent.data.id!, format: 'metadata', metadataHeaders: ['Message-ID'] });
    expect(got.data.payload?.headers).toEqual([{ name: 'Message-ID', value: '<k-1@nudge.attune>' }]);
    expect(got.data.payload?.body).toBeUndefined();
  });

  it('refuses what Google refuses: q and full bodies under gmail.metadata, reading with gmail.send, another user, undelegated scopes', async () => {
    const reader = client(METADATA);
    expect(statusOf(await reader.users.messages.list({ userId: 'me', q: 'rfc822msgid:<k-1@nudge.attune>' }).catch((e: unknown) => e))).toBe(403);
    const [first] = (await reader.users.messages.list({ userId: 'me' })).data.messages ?? [];
    expect(statusOf(await reader.users.messages.get({ userId: 'me', id: first!.id! }).catch((e: unknown) => e))).toBe(403);
    expect(statusOf(await client(SEND).users.messages.list({ userId: 'me' }).catch((e: unknown) => e))).toBe(403);
    expect(statusOf(await reader.users.messages.list({ userId: 'someone.else@example.com' }).catch((e: unknown) => e))).toBe(403);
    const undelegated = await client('https://www.googleapis.com/auth/gmail.readonly').users.messages.list({ userId: 'me' }).catch((e: unknown) => e);
    expect(statusOf(undelegated)).toBe(401);
    const before = sim.deliveries().length;
    expect(statusOf(await client(SEND).users.messages.send({ userId: 'me', requestBody: { raw: raw(['Subject: nobody', '', 'x']) } }).catch((e: unknown) => e))).toBe(400);
    expect(sim.deliveries()).toHaveLength(before);
  });
});
