import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFetch } from '../../connectors/microsoft/graph-fetch.ts';
import { startMicrosoftSimulator, type MicrosoftSimulator } from '../../simulator/microsoft/microsoft-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';

describe('simulated Graph mail', () => {
  const org = generateOrganisation({ seed: 6, people: 24, weeks: 1, end: new Date('2026-03-02T00:00:00Z') });
  let sim: MicrosoftSimulator;
  let bearer = '';
  let sender = '';
  let senderId = '';
  const graph = (path: string, init: RequestInit = {}) =>
    createGraphFetch(sim.ca)(`${sim.baseUrl}/v1.0${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, ...init.headers } });
  const sentItems = async (folder: string, id: string) =>
    (await (await graph(`/users/${encodeURIComponent(sender)}/mailFolders/${folder}/messages?$filter=${encodeURIComponent(`internetMessageId eq '${id}'`)}&$select=internetMessageId`)).json()) as { value: Record<string, unknown>[] };

  beforeAll(async () => {
    sim = await startMicrosoftSimulator({ organisation: org, now: org.period.end });
    const answer = await createGraphFetch(sim.ca)(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
    });
    bearer = ((await answer.json()) as { access_token: string }).access_token;
    const user = sim.tenant.directory.users.find((u) => u.mailbox !== null && typeof u.wire.mail === 'string')!;
    sender = String(user.wire.mail);
    senderId = user.id;
  });
  afterAll(() => sim.close());

  it('takes a base64 MIME message, answers 202 with no body, records each addressee and saves it to Sent Items', async () => {
    const mime = ['From: x@y.test', 'To: Ada <ada@example.com>', 'Cc: bo@example.com', 'Subject: =?UTF-8?B?w6ll?=', 'Message-ID: <m-1@nudge.attune>', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'caf=C3=A9'].join('\r\n');
    const res = await graph(`/users/${senderId}/sendMail`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from(mime).toString('base64') });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(sim.deliveries()).toEqual([
      { channel: 'microsoft', to: 'ada@example.com', key: 'm-1@nudge.attune', text: 'café' },
      { channel: 'microsoft', to: 'bo@example.com', key: 'm-1@nudge.attune', text: 'café' },
    ]);
    expect((await sentItems('sentitems', '<m-1@nudge.attune>')).value).toEqual([{ id: expect.any(String), internetMessageId: '<m-1@nudge.attune>' }]);
    expect((await sentItems('SentItems', '<m-2@nudge.attune>')).value).toEqual([]);
  });

  it('takes JSON {message, saveToSentItems}, and leaves Sent Items alone when told to', async () => {
    const message = { subject: 'hi', body: { contentType: 'Text', content: 'hello' }, toRecipients: [{ emailAddress: { address: 'Cy@Example.com' } }], internetMessageId: '<m-3@nudge.attune>' };
    const res = await graph(`/users/${encodeURIComponent(sender)}/sendMail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, saveToSentItems: false }) });
    expect(res.status).toBe(202);
    expect(sim.deliveries().at(-1)).toEqual({ channel: 'microsoft', to: 'cy@example.com', key: 'm-3@nudge.attune', text: 'hello' });
    expect((await sentItems('SentItems', '<m-3@nudge.attune>')).value).toEqual([]);
  });

  it('refuses bad base64, missing recipients and unsupported filters the way Graph does', async () => {
    const before = sim.deliveries().length;
    const bad = await graph(`/users/${senderId}/sendMail`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '***' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('ErrorMimeContentInvalidBase64String');
    const noOne = await graph(`/users/${senderId}/sendMail`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from('Subject: x\r\n\r\nbody').toString('base64') });
    expect(((await noOne.json()) as { error: { code: string } }).error.code).toBe('ErrorInvalidRecipients');
    const filter = await graph(`/users/${senderId}/mailFolders/SentItems/messages?$filter=${encodeURIComponent("subject eq 'x'")}`);
    expect(filter.status).toBe(400);
    expect(sim.deliveries()).toHaveLength(before);
  });
});
