import { describe, expect, it } from 'vitest';
import { CANARY } from '../../simulator/canary.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../simulator/organisation/organisation.ts';
import { buildSlackWorkspace, type SlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import type { StoredMessage } from '../../simulator/slack/stored-message.ts';

const WEEK_MS = 7 * 86_400_000;
const END = new Date('2026-03-04T12:00:00Z'); // a Wednesday
const org = generateOrganisation({ seed: 21, people: 120, weeks: 6, end: END });
const ws = buildSlackWorkspace(org, { malformed: 9 });

/** Every message (top level and replies) with its channel. */
function allMessages(w: SlackWorkspace): { channel: string; m: StoredMessage; parent: StoredMessage | null }[] {
  return [...w.messages].flatMap(([channel, list]) =>
    list.flatMap((m) => [{ channel, m, parent: null }, ...m.replies.map((r) => ({ channel, m: r, parent: m }))]),
  );
}

/** A snapshot of messages with ts before `before`, for comparing builds. */
function snapshot(w: SlackWorkspace, before: number): Record<string, unknown>[] {
  return allMessages(w)
    .filter(({ m }) => m.micros < before * 1000)
    .map(({ channel, m }) => ({ channel, key: m.ts, ...m.wire, replies: m.replies.length }))
    .sort((a, b) => `${a.channel}${a.key}`.localeCompare(`${b.channel}${b.key}`));
}

const localParts = new Map<string, Intl.DateTimeFormat>();
/** Local weekday and minute of an instant, computed with Intl directly (independent of the simulator's helpers). */
function local(timeZone: string, ms: number): { weekday: string; minute: number } {
  let f = localParts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    localParts.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { weekday: parts.weekday ?? '', minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function personOfUser(w: SlackWorkspace, o: Organisation): Map<string, Organisation['people'][number]> {
  const people = new Map(o.people.map((p) => [p.id, p]));
  return new Map([...w.userIdByPerson].map(([pid, uid]) => [uid, people.get(pid) as Organisation['people'][number]]));
}

describe('buildSlackWorkspace: determinism', () => {
  it('builds the same workspace for the same seed and a different one for another seed', () => {
    const again = buildSlackWorkspace(generateOrganisation({ seed: 21, people: 120, weeks: 6, end: END }), { malformed: 9 });
    expect(again.users).toEqual(ws.users);
    expect(again.channels).toEqual(ws.channels);
    expect(snapshot(again, END.getTime())).toEqual(snapshot(ws, END.getTime()));
    const other = buildSlackWorkspace(generateOrganisation({ seed: 22, people: 120, weeks: 6, end: END }));
    expect(snapshot(other, END.getTime()).slice(0, 50)).not.toEqual(snapshot(ws, END.getTime()).slice(0, 50));
  });

  it('leaves earlier days identical when the end moves later in the same week', () => {
    const laterEnd = new Date('2026-03-06T18:00:00Z');
    const later = buildSlackWorkspace(generateOrganisation({ seed: 21, people: 120, weeks: 6, end: laterEnd }));
    const base = buildSlackWorkspace(org);
    expect(snapshot(later, END.getTime())).toEqual(snapshot(base, END.getTime()));
    expect(snapshot(later, laterEnd.getTime()).length).toBeGreaterThan(snapshot(base, laterEnd.getTime()).length);
  });

  it('leaves the weeks before any planted change identical when the period grows by whole weeks', () => {
    const longer = generateOrganisation({ seed: 21, people: 120, weeks: 7, end: new Date(END.getTime() + WEEK_MS) });
    expect(longer.period.start).toEqual(org.period.start);
    const lw = buildSlackWorkspace(longer);
    const shrinkStart = org.groundTruth.plantedFrom.getTime() - WEEK_MS;
    const base = buildSlackWorkspace(org);
    expect(snapshot(lw, shrinkStart)).toEqual(snapshot(base, shrinkStart));
    expect(snapshot(base, shrinkStart).length).toBeGreaterThan(1000);
  });
});

describe('buildSlackWorkspace: directory', () => {
  it('lists one user per person plus two bots and two deleted accounts, one person without an email', () => {
    expect(ws.users).toHaveLength(org.people.length + 4);
    expect(ws.users.filter((u) => u.is_bot)).toHaveLength(2);
    for (const bot of ws.users.filter((u) => u.is_bot)) expect(bot.profile.bot_id).toMatch(/^B[0-9A-Z]{8}$/);
    expect(ws.users.filter((u) => u.deleted)).toHaveLength(2);
    const people = ws.users.filter((u) => !u.is_bot && !u.deleted);
    expect(people.filter((u) => u.profile.email === undefined).map((u) => u.id)).toEqual([ws.hiddenEmail.userId]);
    const hidden = org.people.find((p) => p.id === ws.hiddenEmail.personId);
    expect(hidden?.planted).toBeNull();
    for (const u of ws.users) expect(u.id).toMatch(/^U[0-9A-Z]{8}$/);
    expect(new Set(ws.users.map((u) => u.id)).size).toBe(ws.users.length);
  });

  it('gives each person their zone with its offset in seconds at the period end', () => {
    const byUser = personOfUser(ws, org);
    const tokyo = ws.users.find((u) => u.tz === 'Asia/Tokyo');
    if (tokyo) expect(tokyo.tz_offset).toBe(9 * 3600);
    const london = ws.users.find((u) => u.tz === 'Europe/London');
    if (london) expect(london.tz_offset).toBe(0);
    for (const u of ws.users.filter((x) => !x.is_bot && !x.deleted)) {
      expect(u.tz).toBe(byUser.get(u.id)?.timeZone);
      expect(u.profile.real_name).toBe(`${byUser.get(u.id)?.givenName} ${byUser.get(u.id)?.familyName}`);
    }
  });

  it('has a user group per leaf team with its members, and one disabled group', () => {
    const parents = new Set(org.teams.map((t) => t.parentId));
    const leaves = org.teams.filter((t) => t.parentId !== null && !parents.has(t.id));
    const enabled = ws.usergroups.filter((g) => g.date_delete === 0);
    expect(enabled.map((g) => g.name).sort()).toEqual(leaves.map((t) => t.name).sort());
    for (const team of leaves) {
      const group = enabled.find((g) => g.name === team.name);
      const expected = org.people.filter((p) => p.teamId === team.id).map((p) => ws.userIdByPerson.get(p.id));
      expect(group?.users?.slice().sort()).toEqual(expected.sort());
      expect(group?.user_count).toBe(expected.length);
      expect(group?.id).toMatch(/^S[0-9A-Z]{8}$/);
    }
    expect(ws.usergroups.filter((g) => g.date_delete !== 0)).toHaveLength(1);
  });

  it('has team, department and company channels, and two the bot is not in', () => {
    const names = ws.channels.map((c) => c.name);
    for (const n of ['general', 'random', 'incidents']) expect(names).toContain(n);
    expect(names.filter((n) => n.startsWith('team-')).length).toBe(ws.usergroups.length - 1);
    expect(names.filter((n) => n.startsWith('dept-')).length).toBe(org.teams.filter((t) => t.parentId === 'team-root').length);
    expect(ws.channels.filter((c) => !c.is_member && !c.is_private)).toHaveLength(2);
    for (const c of ws.channels) {
      expect(c.id).toMatch(/^C[0-9A-Z]{8}$/);
      expect(c.topic.value).toContain(CANARY);
      expect(c.purpose.value).toContain(CANARY);
      expect(c.num_members).toBe((ws.channelMembers.get(c.id)?.length ?? 0) + (c.is_member ? 1 : 0));
    }
  });
});

describe('buildSlackWorkspace: messages', () => {
  const messages = allMessages(ws);

  it('puts the canary in every content field', () => {
    const offenders = messages.filter(({ m }) => {
      const w = m.wire as { text?: string; blocks?: unknown; attachments?: { title: string; text: string }[]; files?: { title: string }[] };
      return (
        !String(w.text).includes(CANARY) ||
        (w.blocks !== undefined && !JSON.stringify(w.blocks).includes(CANARY)) ||
        (w.attachments ?? []).some((a) => !a.title.includes(CANARY) || !a.text.includes(CANARY)) ||
        (w.files ?? []).some((f) => !f.title.includes(CANARY))
      );
    });
    expect(offenders).toEqual([]);
    expect(messages.some(({ m }) => m.wire.files !== undefined)).toBe(true);
  });

  it('uses unique six-decimal ts per channel, and replies point at their parent', () => {
    for (const [, list] of ws.messages) {
      const all = list.flatMap((m) => [m, ...m.replies]);
      expect(new Set(all.map((m) => m.ts)).size).toBe(all.length);
      for (const m of all) expect(m.ts).toMatch(/^\d{10}\.\d{6}$/);
      for (const parent of list) {
        for (const r of parent.replies) {
          expect(r.wire.thread_ts).toBe(parent.ts);
          expect(r.wire.parent_user_id).toBe(parent.user);
          expect(r.micros).toBeGreaterThan(parent.micros);
        }
      }
    }
  });

  it('includes channel joins, bot messages without a user, reactions and former members’ posts', () => {
    const subtypes = messages.map(({ m }) => m.wire.subtype);
    expect(subtypes.filter((s) => s === 'channel_join').length).toBeGreaterThan(ws.channels.length);
    const bots = messages.filter(({ m }) => m.wire.subtype === 'bot_message');
    expect(bots.length).toBeGreaterThan(10);
    for (const { m } of bots) {
      expect(m.wire.bot_id).toBe(ws.postingBot.botId);
      expect(m.wire.user).toBeUndefined();
    }
    const withReactions = messages.filter(({ m }) => Array.isArray(m.wire.reactions));
    expect(withReactions.length / messages.length).toBeGreaterThan(0.05);
    for (const { m } of withReactions) {
      for (const r of m.wire.reactions as { users: string[]; count: number }[]) {
        expect(r.count).toBe(r.users.length);
        expect(r.users).not.toContain(m.user);
      }
    }
    expect(messages.some(({ m }) => ws.formerUserIds.includes(String(m.wire.user)))).toBe(true);
  });

  it('breaks exactly the requested number of messages and records where', () => {
    expect(ws.malformed).toHaveLength(9);
    expect(new Set(ws.malformed.map((x) => x.kind))).toEqual(new Set(['missing_ts', 'numeric_user', 'non_numeric_ts']));
    for (const ref of ws.malformed) {
      const m = ws.messages.get(ref.channel)?.find((x) => x.ts === ref.ts);
      if (ref.kind === 'missing_ts') expect(m?.wire.ts).toBeUndefined();
      if (ref.kind === 'numeric_user') expect(typeof m?.wire.user).toBe('number');
      if (ref.kind === 'non_numeric_ts') expect(String(m?.wire.ts)).not.toMatch(/^\d+\.\d+$/);
    }
    const healthy = messages.filter(({ m }) => typeof m.wire.ts === 'string' && /^\d{10}\.\d{6}$/.test(m.wire.ts as string));
    expect(messages.length - healthy.length).toBe(6);
    expect(buildSlackWorkspace(org).malformed).toEqual([]);
  });
});

describe('buildSlackWorkspace: planted ground truth', () => {
  const plantedFrom = org.groundTruth.plantedFrom.getTime();

  it('moves after-hours-overload people into evenings and weekends in the planted weeks, far above peers', () => {
    const byAuthor = new Map<string, number[]>();
    for (const { m } of allMessages(ws)) if (m.user) byAuthor.set(m.user, [...(byAuthor.get(m.user) ?? []), m.micros / 1000]);
    const share = (email: string, from: number, to: number): number => {
      const person = org.people.find((p) => p.email === email);
      const times = (byAuthor.get(ws.userIdByPerson.get(person?.id ?? '') ?? '') ?? [])
        .filter((t) => t >= from && t < to)
        .map((t) => local(person?.timeZone ?? 'UTC', t));
      const off = times.filter((t) => t.weekday === 'Sat' || t.weekday === 'Sun' || (t.minute >= 19 * 60 && t.minute <= 23 * 60 + 30));
      return times.length ? off.length / times.length : 0;
    };
    const end = org.period.end.getTime();
    const start = org.period.start.getTime();
    const planted = org.groundTruth.afterHoursOverload.map((e) => share(e, plantedFrom, end));
    const plantedBefore = org.groundTruth.afterHoursOverload.map((e) => share(e, start, plantedFrom));
    const peers = org.people.filter((p) => p.planted === null).map((p) => share(p.email, plantedFrom, end)).sort((a, b) => a - b);
    const peerMedian = peers[Math.floor(peers.length / 2)] ?? 1;
    expect(Math.min(...planted)).toBeGreaterThan(0.4);
    expect(Math.max(...plantedBefore)).toBeLessThan(0.25);
    expect(peerMedian).toBeLessThan(0.1);
  });

  it('shrinks each shrinking-network person’s distinct counterparts week by week to one or two', () => {
    const weekOf = (micros: number): number => Math.floor((micros / 1000 - org.period.start.getTime()) / WEEK_MS);
    const counterparts = new Map<string, Map<number, Set<string>>>();
    const add = (a: string | null, b: string | null, week: number): void => {
      if (!a || !b || a === b) return;
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const weeks = counterparts.get(x) ?? new Map<number, Set<string>>();
        const set = weeks.get(week) ?? new Set<string>();
        set.add(y);
        weeks.set(week, set);
        counterparts.set(x, weeks);
      }
    };
    for (const { m, parent } of allMessages(ws)) {
      if (parent) add(m.user, parent.user, weekOf(m.micros));
      for (const r of (m.wire.reactions as { users: string[] }[] | undefined) ?? []) for (const u of r.users) add(u, m.user, weekOf(m.micros));
    }
    const weeks = Math.ceil((org.period.end.getTime() - org.period.start.getTime()) / WEEK_MS);
    for (const email of org.groundTruth.shrinkingNetwork) {
      const uid = ws.userIdByPerson.get(org.people.find((p) => p.email === email)?.id ?? '') ?? '';
      const sizes = Array.from({ length: weeks }, (_, w) => counterparts.get(uid)?.get(w)?.size ?? 0);
      const lastTwoWeeks = sizes.slice(-3, -1).concat(sizes.slice(-1)); // includes the partial current week
      expect(Math.max(...lastTwoWeeks), `${email}: ${sizes.join(',')}`).toBeLessThanOrEqual(2);
      expect(Math.min(sizes[0] ?? 0, sizes[1] ?? 0), `${email}: ${sizes.join(',')}`).toBeGreaterThanOrEqual(4);
    }
    const peers = org.people.filter((p) => p.planted === null).map((p) => counterparts.get(ws.userIdByPerson.get(p.id) ?? '')?.get(weeks - 2)?.size ?? 0);
    expect(peers.sort((a, b) => a - b)[Math.floor(peers.length / 2)]).toBeGreaterThanOrEqual(4);
  });
});

describe('buildSlackWorkspace: demo scale', () => {
  it('builds 300 people × 6 weeks with 60–120k messages and at most ~3,000 threads with replies', () => {
    const big = generateOrganisation({ seed: 42, people: 300, weeks: 6, end: new Date('2026-03-02T00:00:00Z') });
    const w = buildSlackWorkspace(big);
    const top = [...w.messages.values()].flat();
    const total = top.length + top.reduce((n, m) => n + m.replies.length, 0);
    const threads = top.filter((m) => m.replies.length > 0).length;
    expect(total).toBeGreaterThan(60_000);
    expect(total).toBeLessThan(120_000);
    expect(threads).toBeGreaterThan(1000);
    expect(threads).toBeLessThanOrEqual(3000);
  });
});
