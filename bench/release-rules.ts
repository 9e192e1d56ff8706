/**
 * Benchmark: planning a release (every rule, the linear audit included) for a synthetic
 * organisation of a few hundred teams over several weeks and every released metric.
 * Run: node --import tsx bench/release-rules.ts [teams] [weeks] [a rule to switch off, e.g. linear_audit]
 */
import { performance } from 'node:perf_hooks';
import { planRelease, type ReleasedSet } from '../transforms/release/plan-release.ts';
import type { OrgGroup } from '../transforms/release/org-group.ts';
import { releasePolicy } from '../transforms/release/release-policy.ts';
import { releasedMetrics } from '../transforms/release/released-metrics.ts';
import { Random } from '../simulator/random.ts';

const teamCount = Number(process.argv[2] ?? 300);
const weekCount = Number(process.argv[3] ?? 6);
const random = new Random(7);
const divisions = Math.max(1, Math.round(teamCount / 30));
const groups: OrgGroup[] = [{ group: 'org', kind: 'team', name: 'org', parent: null, dimension: null }];
for (let d = 0; d < divisions; d++) groups.push({ group: `d${d}`, kind: 'team', name: `d${d}`, parent: 'org', dimension: null });
const leaves: string[] = [];
for (let t = groups.length; t < teamCount; t++) {
  const id = `t${t}`;
  leaves.push(id);
  groups.push({ group: id, kind: 'team', name: id, parent: `d${t % divisions}`, dimension: null });
}
const locations = ['Berlin', 'Lisbon', 'London', 'Remote', 'Paris', 'Madrid'];
for (const l of locations) groups.push({ group: `segment:location=${l}`, kind: 'segment', name: l, parent: null, dimension: 'location' });

let next = 0;
const people = new Map<string, { team: string; location: string }>();
const hire = () => {
  const team = leaves[random.int(0, leaves.length - 1)]!;
  people.set(`p${next++}`, { team, location: locations[random.int(0, locations.length - 1)]! });
};
for (let i = 0; i < leaves.length * 10; i++) hire();

const weeks: string[] = [];
const organisation = new Map<string, { groups: OrgGroup[]; members: Map<string, string[]> }>();
const values = new Map<string, Map<string, Record<string, number | null>>>();
for (let w = 0; w < weekCount; w++) {
  const week = new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString().slice(0, 10);
  weeks.push(week);
  for (const person of [...people.keys()]) if (random.next() < 0.01) people.delete(person);
  for (let i = 0; i < people.size * 0.01; i++) hire();
  const members = new Map<string, string[]>();
  const add = (group: string, person: string) => (members.get(group) ?? members.set(group, []).get(group)!).push(person);
  const weekValues = new Map<string, Record<string, number | null>>();
  for (const [person, p] of people) {
    const division = groups.find((g) => g.group === p.team)!.parent!;
    for (const group of [p.team, division, 'org', `segment:location=${p.location}`]) add(group, person);
    if (random.next() < 0.97) {
      weekValues.set(person, Object.fromEntries(releasedMetrics.map((m) => [m.column, m.column === 'mean_workday_span_minutes' && random.next() < 0.05 ? null : random.int(0, 600)])));
    }
  }
  organisation.set(week, { groups, members });
  values.set(week, weekValues);
}

const start = performance.now();
const plan = planRelease({ weeks, organisation, values, history: new Map<string, ReleasedSet[]>() }, releasePolicy({ off: process.argv[4] ? [process.argv[4] as 'linear_audit'] : [] }), releasedMetrics);
const ms = performance.now() - start;
const released = plan.cells.filter((c) => c.status === 'released').length;
console.log(
  `${groups.length} groups (${teamCount} teams, ${locations.length} locations), ${people.size} people, ${weekCount} weeks, ${releasedMetrics.length} metrics: ` +
    `${plan.cells.length} cells (${released} released) planned in ${ms.toFixed(0)} ms; suppressed by ${JSON.stringify(plan.suppressedBy)}`,
);
