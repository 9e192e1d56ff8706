import { describe, expect, it } from 'vitest';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../simulator/organisation/organisation.ts';

const END = new Date('2026-03-04T15:30:00Z'); // a Wednesday
const org = generateOrganisation({ seed: 11, people: 300, weeks: 6, end: END });

function leafTeams(o: Organisation) {
  const parents = new Set(o.teams.map((t) => t.parentId));
  return o.teams.filter((t) => t.parentId !== null && !parents.has(t.id));
}

describe('generateOrganisation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateOrganisation({ seed: 11, people: 300, weeks: 6, end: END })).toEqual(org);
    const other = generateOrganisation({ seed: 12, people: 300, weeks: 6, end: END });
    expect(other.people.map((p) => p.email)).not.toEqual(org.people.map((p) => p.email));
  });

  it('keeps the same people when only the period changes', () => {
    const longer = generateOrganisation({ seed: 11, people: 300, weeks: 8, end: new Date('2026-03-20T00:00:00Z') });
    expect(longer.people).toEqual(org.people);
    expect(longer.teams).toEqual(org.teams);
  });

  it('has exactly the requested people with unique, well-formed emails', () => {
    expect(org.people).toHaveLength(300);
    const emails = org.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(300);
    for (const p of org.people) {
      expect(p.email).toMatch(new RegExp(`^${p.givenName.toLowerCase()}\\.${p.familyName.toLowerCase()}\\d*@northwind-sim\\.example$`));
      expect(p.workEndMinute).toBeGreaterThan(p.workStartMinute);
    }
  });

  it('builds a root → 4–6 departments → leaf teams hierarchy with a consistent manager chain', () => {
    const byId = new Map(org.teams.map((t) => [t.id, t]));
    const people = new Map(org.people.map((p) => [p.id, p]));
    const roots = org.teams.filter((t) => t.parentId === null);
    expect(roots).toHaveLength(1);
    const departments = org.teams.filter((t) => t.parentId === roots[0]?.id);
    expect(departments.length).toBeGreaterThanOrEqual(4);
    expect(departments.length).toBeLessThanOrEqual(6);

    const leaves = leafTeams(org);
    for (const team of leaves) {
      const members = org.people.filter((p) => p.teamId === team.id);
      expect(members.length).toBeGreaterThanOrEqual(3);
      expect(members.length).toBeLessThanOrEqual(12);
      expect(departments.map((d) => d.id)).toContain(team.parentId);
      const manager = people.get(team.managerId ?? '');
      expect(manager?.teamId).toBe(team.id);
      const head = byId.get(team.parentId ?? '')?.managerId;
      expect(manager?.managerId).toBe(head);
      for (const m of members) if (m.id !== manager?.id) expect(m.managerId).toBe(manager?.id);
    }
    expect(leaves.filter((t) => org.people.filter((p) => p.teamId === t.id).length < 5).length).toBeGreaterThanOrEqual(2);
    for (const d of departments) expect(people.get(d.managerId ?? '')?.managerId).toBe(roots[0]?.managerId);
    expect(people.get(roots[0]?.managerId ?? '')?.managerId).toBeNull();
  });

  it('spreads people over several continents, with most of a team in its home zone', () => {
    const continents = new Set(org.people.map((p) => p.timeZone.split('/')[0]));
    expect(continents.size).toBeGreaterThanOrEqual(5);
    const leaves = leafTeams(org);
    const home = leaves.reduce((n, t) => n + org.people.filter((p) => p.teamId === t.id && p.timeZone === t.homeTimeZone).length, 0);
    const all = leaves.reduce((n, t) => n + org.people.filter((p) => p.teamId === t.id).length, 0);
    expect(home / all).toBeGreaterThan(0.65);
    expect(home).toBeLessThan(all);
  });

  it('plants 2–3 % of people per pattern, never managers, and records them in the ground truth', () => {
    const managers = new Set(org.teams.map((t) => t.managerId));
    const ah = org.people.filter((p) => p.planted === 'after_hours_overload');
    const sn = org.people.filter((p) => p.planted === 'shrinking_network');
    for (const group of [ah, sn]) {
      expect(group.length).toBeGreaterThanOrEqual(6);
      expect(group.length).toBeLessThanOrEqual(9);
      for (const p of group) expect(managers.has(p.id)).toBe(false);
    }
    expect(org.groundTruth.afterHoursOverload.sort()).toEqual(ah.map((p) => p.email).sort());
    expect(org.groundTruth.shrinkingNetwork.sort()).toEqual(sn.map((p) => p.email).sort());
    const small = generateOrganisation({ seed: 1, people: 30, weeks: 4, end: END });
    expect(small.groundTruth.afterHoursOverload.length).toBeGreaterThanOrEqual(2);
    expect(small.groundTruth.shrinkingNetwork.length).toBeGreaterThanOrEqual(2);
  });

  it('starts the period on the Monday `weeks` weeks before end’s week and plants from the last three weeks', () => {
    expect(org.period.start.toISOString()).toBe('2026-01-19T00:00:00.000Z');
    expect(org.period.end.toISOString()).toBe(END.toISOString());
    expect(org.groundTruth.plantedFrom.toISOString()).toBe('2026-02-09T00:00:00.000Z');
  });

  it('generates 300 people × 6 weeks well under a second', () => {
    const t0 = performance.now();
    generateOrganisation({ seed: 5, people: 300, weeks: 6, end: END });
    expect(performance.now() - t0).toBeLessThan(300);
  });
});
