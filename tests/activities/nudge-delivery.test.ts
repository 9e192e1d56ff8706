import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NudgeChannel } from '../../connectors/nudge/nudge-channel.ts';
import { createGraphMailChannel } from '../../connectors/nudge/graph-mail-channel.ts';
import { createGraphApi } from '../../connectors/microsoft/graph-api.ts';
import { CANARY } from '../../simulator/canary.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from '../connectors/microsoft/microsoft-fixture.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { openNudgeStore, slackChannelOn, type NudgePerson } from './nudge-fixture.ts';

const pseudonym = (n: number) => n.toString(16).padStart(32, '0');
// Monday 2026-03-02, 10:00 in Lisbon (UTC+0) is 05:00 in New York and 19:00 in Tokyo.
const mondayMorningLisbon = '2026-03-02T10:00:00.000Z';
const week = '2026-02-23';

describe('nudge delivery through Slack DMs', () => {
  let f: SlackFixture;
  let slackIds: string[];
  let people: NudgePerson[];

  beforeEach(async () => {
    f = await startSlackFixture({ people: 24, weeks: 1 });
    slackIds = [...f.workspace.userIdByPerson.values()];
    people = [
      { pseudonym: pseudonym(1), email: 'ana@example.com', slackUserId: slackIds[0]!, timeZone: 'Europe/Lisbon' },
      { pseudonym: pseudonym(2), email: 'ben@example.com', slackUserId: slackIds[1]!, timeZone: 'America/New_York' },
      { pseudonym: pseudonym(3), email: 'chi@example.com', slackUserId: slackIds[2]!, timeZone: 'Asia/Tokyo' },
      { pseudonym: pseudonym(4), email: null, slackUserId: null, timeZone: 'Europe/Lisbon' },
    ];
  });
  afterEach(() => f.close());

  it('sends each nudge to the affected person alone, only inside their working hours, and reports held ones with when to look again', async () => {
    const n = await openNudgeStore(people);
    const keys = await Promise.all(people.slice(0, 3).map((p) => n.plan(p.pseudonym, 'after_hours_load', week, '2026-03-02T06:00:00Z')));
    const pass = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(pass).toMatchObject({ delivered: 1, held: 2, noChannel: 0 });
    // New York opens at 09:00 local = 14:00 UTC, four hours later; Tokyo's Monday is over.
    expect(pass.nextInMs).toBe(4 * 3_600_000);
    expect(f.sim.deliveries()).toEqual([expect.objectContaining({ slackUserId: slackIds[0], key: keys[0] })]);

    const later = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-02T14:00:00.000Z' });
    expect(later).toMatchObject({ delivered: 1, held: 1 });
    const tokyoMorning = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-03T00:30:00.000Z' });
    expect(tokyoMorning).toMatchObject({ delivered: 1, held: 0, nextInMs: null });
    // Every delivery went to the person the nudge is about, each exactly once.
    expect(f.sim.deliveries().map((d) => [d.slackUserId, d.key])).toEqual([
      [slackIds[0], keys[0]],
      [slackIds[1], keys[1]],
      [slackIds[2], keys[2]],
    ]);
    const outbox = await n.outbox();
    expect([...outbox.values()].map((r) => [r.status, r.channel, r.attempts])).toEqual([
      ['sent', 'slack', 1],
      ['sent', 'slack', 1],
      ['sent', 'slack', 1],
    ]);
    // The message speaks of the person's own numbers with the controls, and never of stress.
    const text = f.sim.deliveries()[0]!.text;
    expect(text).toContain('4 of your last 5 working days had meetings or messages after your working hours');
    expect(text).toMatch(/Snooze these notes for 30 days: https:\/\/attune\.test\/n\/\S+/);
    expect(text).toMatch(/Stop these notes: https:\/\/attune\.test\/n\/\S+/);
    expect(text.toLowerCase()).not.toContain('stress');
    await n.store.close();
  });

  it('counts a person no channel reaches, without failing the pass', async () => {
    const n = await openNudgeStore(people);
    const key = await n.plan(pseudonym(4), 'low_focus', week, '2026-03-02T06:00:00Z');
    const pass = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(pass).toMatchObject({ delivered: 0, noChannel: 1 });
    expect((await n.outbox()).get(key)?.status).toBe('undeliverable');
    expect(n.progress.join('\n')).toContain('no channel: 1');
    await n.store.close();
  });

  it('marks a deactivated Slack user undeliverable and goes on with the others', async () => {
    const gone = { pseudonym: pseudonym(5), email: null, slackUserId: f.workspace.formerUserIds[0]!, timeZone: 'Europe/Lisbon' };
    const n = await openNudgeStore([...people, gone]);
    const lost = await n.plan(gone.pseudonym, 'after_hours_load', week, '2026-03-02T06:00:00Z');
    const kept = await n.plan(pseudonym(1), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    const pass = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(pass).toMatchObject({ delivered: 1, noChannel: 1, channelFailures: [] });
    const outbox = await n.outbox();
    expect([outbox.get(lost)?.status, outbox.get(kept)?.status]).toEqual(['undeliverable', 'sent']);
    await n.store.close();
  });

  it('delivers exactly once when the process dies between sending and marking sent', async () => {
    const n = await openNudgeStore(people);
    const key = await n.plan(pseudonym(1), 'long_days', week, '2026-03-02T06:00:00Z');
    const real = slackChannelOn(f.sim.url, f.token);
    // The vendor accepts the message, then the process dies before the outbox hears of it.
    const dying: NudgeChannel = { ...real, kind: real.kind, canReach: (r) => real.canReach(r), wasDelivered: (k, r) => real.wasDelivered(k, r), deliver: async (k, r, m) => {
      await real.deliver(k, r, m);
      throw new Error('process killed');
    } };
    await expect(n.activities([dying]).deliverNudges({ at: mondayMorningLisbon })).rejects.toThrow('process killed');
    expect((await n.outbox()).get(key)?.status).toBe('sending');
    expect(f.sim.deliveries()).toHaveLength(1);

    // A fresh process finds the nudge left `sending`, looks it up in the DM, and marks it sent without sending again.
    const rerun = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(rerun.delivered).toBe(1);
    expect(f.sim.deliveries()).toHaveLength(1);
    expect((await n.outbox()).get(key)).toMatchObject({ status: 'sent', attempts: 1 });
    // A look-up refused (token revoked meanwhile) leaves the nudge `sending`: a later pass still looks before sending.
    const again = await n.plan(pseudonym(1), 'low_focus', week, '2026-03-02T06:00:00Z');
    await expect(n.activities([dying]).deliverNudges({ at: mondayMorningLisbon })).rejects.toThrow('process killed');
    const refused = await n.activities([slackChannelOn(f.sim.url, 'xoxb-revoked-token')]).deliverNudges({ at: mondayMorningLisbon });
    expect(refused.channelFailures.join()).toContain('SLACK_BOT_TOKEN');
    expect((await n.outbox()).get(again)?.status).toBe('sending');
    await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(f.sim.deliveries().filter((d) => d.key === again)).toHaveLength(1);
    expect((await n.outbox()).get(again)?.status).toBe('sent');
    // And when the crash came before the vendor got it, the rerun sends it: still exactly one.
    const other = await n.plan(pseudonym(1), 'back_to_back', week, '2026-03-02T06:00:00Z');
    const dyingEarly: NudgeChannel = { ...dying, deliver: async () => { throw new Error('process killed'); } };
    await expect(n.activities([dyingEarly]).deliverNudges({ at: mondayMorningLisbon })).rejects.toThrow('process killed');
    await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(f.sim.deliveries().filter((d) => d.key === other)).toHaveLength(1);
    await n.store.close();
  });

  it('stops Slack delivery on a revoked token, naming the setting, keeps the outbox, and the next run delivers', async () => {
    const n = await openNudgeStore(people);
    const key = await n.plan(pseudonym(1), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    const refused = await n.activities([slackChannelOn(f.sim.url, 'xoxb-revoked-token')]).deliverNudges({ at: mondayMorningLisbon });
    expect(refused.delivered).toBe(0);
    expect(refused.channelFailures.join()).toContain('SLACK_BOT_TOKEN');
    expect((await n.outbox()).get(key)?.status).toBe('pending');
    expect(f.sim.deliveries()).toHaveLength(0);
    const next = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(next.delivered).toBe(1);
    expect(f.sim.deliveries().map((d) => d.key)).toEqual([key]);
    await n.store.close();
  });

  it('retries a failed send with backoff, looks it up first, and delivers once', async () => {
    const n = await openNudgeStore(people);
    const key = await n.plan(pseudonym(1), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    // The send meets a 503; the client does not retry a send (it could be a second message), the outbox does, later.
    f.sim.injectServerErrors('chat.postMessage', 1);
    const failed = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    expect(failed).toMatchObject({ delivered: 0, retrying: 1, nextInMs: 60_000 });
    // Not due before its backoff ends.
    expect(await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-02T10:00:30.000Z' })).toMatchObject({ delivered: 0 });
    const retried = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-02T10:01:00.000Z' });
    expect(retried.delivered).toBe(1);
    expect(f.sim.deliveries().filter((d) => d.key === key)).toHaveLength(1);
    await n.store.close();
  });

  it('sends nothing to people who stopped nudges, and nothing to snoozed people until the date', async () => {
    const n = await openNudgeStore(people);
    const stopped = await n.plan(pseudonym(1), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    await n.store.run([
      { sql: "INSERT INTO nudge_preferences VALUES ($p, true, NULL), ($q, false, '2026-03-20T00:00:00Z')", params: { p: pseudonym(1), q: pseudonym(2) } },
    ]);
    const snoozed = await n.plan(pseudonym(2), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    const pass = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-02T15:00:00.000Z' });
    expect(pass).toMatchObject({ delivered: 0, withheld: 2 });
    const outbox = await n.outbox();
    expect([outbox.get(stopped)?.status, outbox.get(snoozed)?.status]).toEqual(['withheld', 'withheld']);
    expect(f.sim.deliveries()).toHaveLength(0);
    // After the snooze date a new nudge goes out again; the stopped person still gets nothing.
    const after = await n.plan(pseudonym(2), 'long_days', '2026-03-16', '2026-03-23T06:00:00Z');
    await n.plan(pseudonym(1), 'long_days', '2026-03-16', '2026-03-23T06:00:00Z');
    const later = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-23T15:00:00.000Z' });
    expect(later).toMatchObject({ delivered: 1, withheld: 1 });
    expect(f.sim.deliveries().map((d) => d.key)).toEqual([after]);
    await n.store.close();
  });

  it('drops a nudge still undelivered a week after it was planned rather than sending it late', async () => {
    const n = await openNudgeStore(people);
    const key = await n.plan(pseudonym(3), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    const pass = await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: '2026-03-09T10:00:00.000Z' });
    expect(pass.delivered).toBe(0);
    expect((await n.outbox()).get(key)?.status).toBe('expired');
    await n.store.close();
  });

  it('keeps identities and canary content out of the outbox and of every progress line', async () => {
    const n = await openNudgeStore(people);
    await n.plan(pseudonym(1), 'after_hours_load', week, '2026-03-02T06:00:00Z');
    await n.activities([slackChannelOn(f.sim.url, f.token)]).deliverNudges({ at: mondayMorningLisbon });
    const stored = JSON.stringify(await n.store.select({ sql: 'SELECT * FROM nudge_outbox' }));
    for (const text of [stored, n.progress.join('\n')]) {
      expect(text).not.toContain('ana@example.com');
      expect(text).not.toContain(slackIds[0]);
      expect(text).not.toContain(CANARY);
    }
    await n.store.close();
  });
});

describe('nudge delivery by e-mail through Microsoft Graph', () => {
  let f: MicrosoftFixture;
  let sender: string;
  let recipients: string[];

  beforeEach(async () => {
    f = await startMicrosoftFixture({ people: 24, weeks: 1 });
    const mailboxes = f.sim.tenant.directory.users.filter((u) => u.mailbox !== null && typeof u.wire.mail === 'string').map((u) => String(u.wire.mail).toLowerCase());
    [sender, ...recipients] = mailboxes as [string, ...string[]];
  });
  afterEach(() => f.close());

  const mail = () =>
    createGraphMailChannel({
      api: createGraphApi({ tenantId: f.sim.tenantId, clientId: f.sim.clientId, clientSecret: f.sim.clientSecret, graphUrl: f.sim.baseUrl, loginUrl: f.sim.loginUrl, ca: f.sim.ca }),
      sender,
    });

  it('e-mails people Slack does not reach, from the sender mailbox to them alone; a 403 on sendMail stops it naming the setting and the next run delivers', async () => {
    const people: NudgePerson[] = [
      { pseudonym: pseudonym(11), email: recipients[0]!, slackUserId: null, timeZone: 'Europe/Berlin' },
      { pseudonym: pseudonym(12), email: recipients[1]!, slackUserId: null, timeZone: 'Europe/Berlin' },
    ];
    const n = await openNudgeStore(people);
    const keys = [await n.plan(pseudonym(11), 'low_focus', week, '2026-03-02T06:00:00Z'), await n.plan(pseudonym(12), 'long_days', week, '2026-03-02T06:00:00Z')];
    f.sim.withholdPermission('Mail.Send');
    const refused = await n.activities([mail()]).deliverNudges({ at: mondayMorningLisbon });
    expect(refused.delivered).toBe(0);
    expect(refused.channelFailures.join()).toMatch(/MS_CLIENT_ID|Mail\.Send/);
    expect(f.sim.deliveries()).toHaveLength(0);
    expect([...(await n.outbox()).values()].map((r) => r.status)).toEqual(['pending', 'pending']);

    const fixed = await startMicrosoftFixture({ people: 24, weeks: 1 });
    await f.close();
    f = fixed;
    const pass = await n.activities([mail()]).deliverNudges({ at: mondayMorningLisbon });
    expect(pass.delivered).toBe(2);
    expect(f.sim.deliveries().map((d) => [d.to, d.key]).sort()).toEqual([
      [recipients[0], `${keys[0]}@nudge.attune`],
      [recipients[1], `${keys[1]}@nudge.attune`],
    ].sort());
    await n.store.close();
  });
});
