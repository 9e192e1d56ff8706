import { Random } from '../random.ts';
import type { Organisation } from './organisation.ts';

const WEEK_MS = 7 * 86_400_000;

/** Who may interact with whom at a given time, as the planted shrinking networks dictate. */
export interface InteractionPolicy {
  /**
   * The people (ids) a shrinking-network person still interacts with at `atMs`, or null when
   * the person is unrestricted then. Each later week's circle is a prefix of the earlier one.
   */
  circle(personId: string, atMs: number): readonly string[] | null;
  /** True when neither person's circle excludes the other at `atMs`. */
  allowed(a: string, b: string, atMs: number): boolean;
}

/**
 * Builds the interaction policy of an organisation. A shrinking-network person has usual
 * contacts (their team, their manager and a few people from their department); from one week
 * before `plantedFrom` that circle narrows to 70 %, then 35 %, and from the second planted week
 * on to one or two people.
 */
export function createInteractionPolicy(org: Organisation): InteractionPolicy {
  const plantedFrom = org.groundTruth.plantedFrom.getTime();
  const teamOf = new Map(org.teams.map((t) => [t.id, t]));
  const contacts = new Map<string, { order: string[]; lastSize: number }>();
  const random = new Random(org.seed).fork('interaction-policy');

  for (const person of org.people) {
    if (person.planted !== 'shrinking_network') continue;
    const r = random.fork(person.id);
    const department = teamOf.get(person.teamId)?.parentId;
    const team = org.people.filter((p) => p.id !== person.id && (p.teamId === person.teamId || p.id === person.managerId));
    const others = org.people.filter(
      (p) => p.id !== person.id && p.teamId !== person.teamId && p.id !== person.managerId && teamOf.get(p.teamId)?.parentId === department,
    );
    const order = [...r.shuffle(team.map((p) => p.id)), ...r.sample(others.map((p) => p.id), 4)];
    contacts.set(person.id, { order, lastSize: r.int(1, 2) });
  }

  const circle = (personId: string, atMs: number): readonly string[] | null => {
    const c = contacts.get(personId);
    if (!c) return null;
    const week = Math.floor((atMs - plantedFrom) / WEEK_MS);
    if (week < -1) return null;
    const n = c.order.length;
    const size = week === -1 ? Math.ceil(n * 0.7) : week === 0 ? Math.max(c.lastSize, Math.ceil(n * 0.35)) : c.lastSize;
    return c.order.slice(0, size);
  };

  return {
    circle,
    allowed(a, b, atMs) {
      const ca = circle(a, atMs);
      if (ca && !ca.includes(b)) return false;
      const cb = circle(b, atMs);
      return !cb || cb.includes(a);
    },
  };
}
