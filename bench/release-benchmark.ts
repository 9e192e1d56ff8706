/**
 * Benchmark: weekly releases of a synthetic organisation, as `attune run` makes them week after
 * week (each release sees every contributor set released before). Prints, per week, the share of
 * released cells among groups of at least 2k members, the rules that suppressed the others, and
 * how long planning took (wall and CPU time: the machine may be shared), and a fingerprint of the
 * week's cells (every decision and value), so a change meant only to be faster can show it decides
 * the same. Then plans every week again in one release, as a first run releases all the weeks
 * stored, and prints its time and whether each week's cells equal the weekly release's.
 * The organisation: an org of divisions of ~10-person teams, a location
 * segment, weekly churn (people leave and join) and absence (a person without values that week).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { planRelease, type ReleasedSet } from '../transforms/release/plan-release.ts';
import type { WeekValues } from '../transforms/release/member-values.ts';
import type { OrgGroup } from '../transforms/release/org-group.ts';
import { releasePolicy, type ReleaseRule } from '../transforms/release/release-policy.ts';
import { releasedMetrics } from '../transforms/release/released-metrics.ts';
import { plusDays } from '../models/time.ts';
import { Random } from '../simulator/random.ts';

/** The sizes of one benchmark run. */
export interface ReleaseBenchmarkOptions {
  people: number;
  weeks: number;
  /** Weekly share of people who leave (as many join). */
  churn: number;
  /** Weekly share of people without values (sick, on leave, a quiet week). */
  absence: number;
  /** A release rule to switch off, to see what it costs. */
  off?: ReleaseRule;
}

/** Runs the weekly releases and prints one line per week and a summary; returns the released shares per week. */
export async function runReleaseBenchmark({ people: size, weeks: weekCount, churn, absence, off }: ReleaseBenchmarkOptions): Promise<number[]> {
  const random = new Random(11);
  const policy = releasePolicy({ off: off ? [off] : [] });
  const teamCount = Math.max(1, Math.round(size / 10));
  const divisions = Math.max(1, Math.round(teamCount / 30));
  const groups: OrgGroup[] = [{ group: 'org', kind: 'team', name: 'org', parent: null, dimension: null }];
  for (let d = 0; d < divisions; d++) groups.push({ group: `d${d}`, kind: 'team', name: `d${d}`, parent: 'org', dimension: null });
  const teams = Array.from({ length: teamCount }, (_, t) => `t${t}`);
  teams.forEach((team, t) => groups.push({ group: team, kind: 'team', name: team, parent: `d${t % divisions}`, dimension: null }));
  const locations = ['Berlin', 'Lisbon', 'London', 'Remote', 'Paris', 'Madrid'];
  for (const l of locations) groups.push({ group: `segment:location=${l}`, kind: 'segment', name: l, parent: null, dimension: 'location' });

  let next = 0;
  const staff = new Map<string, { team: number; location: string; usual: number }>();
  const hire = () => staff.set(`p${next++}`, { team: random.int(0, teamCount - 1), location: locations[random.int(0, locations.length - 1)]!, usual: random.int(0, 400) });
  for (let i = 0; i < size; i++) hire();

  const fingerprintOf = (cells: readonly unknown[]) => createHash('sha256').update(JSON.stringify(cells)).digest('hex').slice(0, 12);
  const organisation = new Map<string, { groups: OrgGroup[]; members: Map<string, string[]> }>();
  const weekValues = new Map<string, WeekValues>();
  const fingerprints: string[] = [];
  const history = new Map<string, ReleasedSet[]>();
  const carried = new Map<string, Record<string, number | null>>();
  const shares: number[] = [];
  let planning = 0;
  let planningCpu = 0;
  for (let w = 0; w < weekCount; w++) {
    const week = plusDays('2025-01-06', 7 * w);
    const leaving = [...staff.keys()].filter(() => random.next() < churn);
    for (const person of leaving) staff.delete(person);
    for (let i = 0; i < leaving.length; i++) hire();
    const members = new Map<string, string[]>();
    const add = (group: string, person: string) => (members.get(group) ?? members.set(group, []).get(group)!).push(person);
    const values = new Map<string, Record<string, number | null>>();
    for (const [person, p] of staff) {
      for (const group of [`t${p.team}`, `d${p.team % divisions}`, 'org', `segment:location=${p.location}`]) add(group, person);
      if (random.next() >= absence) values.set(person, Object.fromEntries(releasedMetrics.map((m) => [m.column, p.usual + random.int(0, 60)])));
    }
    organisation.set(week, { groups, members });
    weekValues.set(week, values);
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const plan = planRelease(
      { weeks: [week], organisation: new Map([[week, { groups, members }]]), values: new Map<string, WeekValues>([[week, values]]), carried, history },
      policy,
      releasedMetrics,
    );
    const wall = performance.now() - start;
    const { user, system } = process.cpuUsage(startCpu);
    const cpu = (user + system) / 1000;
    planning += wall;
    planningCpu += cpu;
    const fingerprint = fingerprintOf(plan.cells);
    fingerprints.push(fingerprint);
    for (const set of plan.newSets) (history.get(set.metric) ?? history.set(set.metric, []).get(set.metric)!).push(set);
    for (const [person, row] of values) carried.set(person, row);

    const large = plan.cells.filter((c) => (members.get(c.group)?.length ?? 0) >= 2 * policy.k);
    const share = large.filter((c) => c.status === 'released').length / large.length;
    shares.push(share);
    const withThreshold = large.filter((c) => c.status === 'released' && c.nudgeThreshold !== null && (c.contributors ?? 0) >= 2 * policy.k);
    const sharesOut = withThreshold.filter((c) => c.shareBeyond !== null).length / Math.max(1, withThreshold.length);
    const reasons = Object.entries(plan.suppressedBy).filter(([, n]) => n > 0).map(([rule, n]) => `${rule} ${n}`).join(', ');
    console.log(
      `week ${String(w + 1).padStart(2)}: ${(100 * share).toFixed(0).padStart(3)} % of ${large.length} cells of groups ≥ 2k released ` +
        `(${(100 * sharesOut).toFixed(0)} % of those with a threshold and 2k contributors with their share); suppressed: ${reasons || 'none'}; ` +
        `planned in ${(wall / 1000).toFixed(2)} s (${(cpu / 1000).toFixed(2)} s CPU); cells ${fingerprint}`,
    );
  }
  const fromWeek4 = shares.slice(3);
  console.log(
    `release, ${staff.size} people, ${groups.length} groups, ${weekCount} weeks, churn ${churn * 100} %, absence ${absence * 100} %${off ? `, ${off} off` : ''}: ` +
      `lowest share from week 4 ${(100 * Math.min(...fromWeek4)).toFixed(0)} % (goal ≥ 80 %), planning ${(planning / weekCount).toFixed(0)} ms per week ` +
      `(${(planningCpu / 1000).toFixed(1)} s of CPU in all)`,
  );
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const weeks = [...organisation.keys()];
  const firstRun = planRelease({ weeks, organisation, values: weekValues, history: new Map() }, policy, releasedMetrics);
  const wall = performance.now() - start;
  const { user, system } = process.cpuUsage(startCpu);
  const differing = weeks.filter((week, w) => fingerprintOf(firstRun.cells.filter((c) => c.week === week)) !== fingerprints[w]);
  console.log(
    `release of all ${weekCount} weeks at once (a first run): planned in ${(wall / 1000).toFixed(1)} s (${((user + system) / 1e6).toFixed(1)} s CPU); ` +
      `cells ${differing.length === 0 ? 'equal to the weekly releases\' in every week' : `differ from the weekly releases' in weeks ${differing.map((week) => weeks.indexOf(week) + 1).join(', ')}`}`,
  );
  return shares;
}
