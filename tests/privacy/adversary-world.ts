import type { WorldWeek } from './release-world.ts';

const names = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** Direct members of each leaf team in the first week; divisions A and B and team C sit under the root. */
const leafTeams: Record<string, string[]> = {
  A1: names('a', 1, 7),
  A2: names('a', 8, 13),
  A3: ['solo'],
  B1: names('b', 1, 6),
  B2: names('b', 7, 13),
  C: names('c', 1, 8),
};
const hierarchy = [
  { team: 'org', parent: null },
  { team: 'A', parent: 'org' },
  { team: 'B', parent: 'org' },
  { team: 'C', parent: 'org' },
  { team: 'A1', parent: 'A' },
  { team: 'A2', parent: 'A' },
  { team: 'A3', parent: 'A' },
  { team: 'B1', parent: 'B' },
  { team: 'B2', parent: 'B' },
];

/** Each person's after-hours minutes, the same every week: the worst case for differencing across weeks. */
export const trueValue = (person: string): number => 30 + 11 * [...person].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 997, 7);

/**
 * A simulated organisation over four weeks, with a weakness planted for every rule:
 * - A3 is one person (min_contributors); A = A1 ∪ A2 ∪ A3, so A − A1 − A2 is that person (secondary);
 * - department Platform = B1 plus b7, one person more than team B1 (overlap);
 * - location Lisbon is one person (b13), Remote is team C, and the root team covers every location (segment_cut);
 * - site North = A1 ∪ C ∪ {solo}: North − A1 − C is solo, while every pair of cells differs by 0 or ≥ k people (linear_audit);
 * - week 2 a joiner enters B2, week 3 a7 leaves, week 4 b2 opts out (time_differencing).
 */
export function adversaryWorld(): WorldWeek[] {
  const weeks = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22'];
  return weeks.map((week, index) => {
    const teams = Object.fromEntries(Object.entries(leafTeams).map(([team, people]) => [team, [...people]]));
    if (index >= 1) teams.B2!.push('newbie');
    if (index >= 2) teams.A1 = teams.A1!.filter((p) => p !== 'a7');
    const people = Object.values(teams).flat();
    const segment = (dimension: string, value: (person: string) => string) => people.map((person) => ({ dimension, value: value(person), person }));
    return {
      week,
      teams: hierarchy,
      members: Object.entries(teams).flatMap(([team, members]) => members.map((person) => ({ team, person }))),
      segments: [
        ...segment('department', (p) => (teams.B1!.includes(p) || p === 'b7' ? 'Platform' : 'Product')),
        ...segment('location', (p) => (p === 'b13' ? 'Lisbon' : teams.C!.includes(p) ? 'Remote' : 'Berlin')),
        ...segment('site', (p) => (teams.A1!.includes(p) || teams.C!.includes(p) || p === 'solo' ? 'North' : 'South')),
      ],
      values: Object.fromEntries(people.map((p) => [p, trueValue(p)])),
      optedOut: index >= 3 ? ['b2'] : [],
    };
  });
}

/** After-hours minutes in the statistics world: everyone different, h* all beyond 180, l* none, the rest alternating. */
export const statisticsValue = (person: string): number => {
  const i = Number(person.slice(1));
  if (person.startsWith('h')) return 190 + 10 * i;
  if (person.startsWith('l')) return 50 + 10 * i;
  return i % 2 === 0 ? 100 + 3 * i : 300 + 3 * i;
};

/**
 * One week of an organisation whose small teams are homogeneous and whose large ones are mixed,
 * for the attacks on quartiles and shares: under the root, D1 = T1 (h1–h6, all beyond the
 * 180-minute threshold) ∪ T2 (m1–m12, mixed) and D2 = T3 (l1–l7, none beyond) ∪ T4 (n1–n11, mixed).
 * Every cell has at least 6 contributors and every rule of k = 5 releases it; D1 − T2 is T1.
 */
export function statisticsWorld(): WorldWeek[] {
  const teams: Record<string, string[]> = { T1: names('h', 1, 6), T2: names('m', 1, 12), T3: names('l', 1, 7), T4: names('n', 1, 11) };
  const people = Object.values(teams).flat();
  return [
    {
      week: '2024-01-01',
      teams: [
        { team: 'org', parent: null },
        { team: 'D1', parent: 'org' },
        { team: 'D2', parent: 'org' },
        { team: 'T1', parent: 'D1' },
        { team: 'T2', parent: 'D1' },
        { team: 'T3', parent: 'D2' },
        { team: 'T4', parent: 'D2' },
      ],
      members: Object.entries(teams).flatMap(([team, members]) => members.map((person) => ({ team, person }))),
      segments: [],
      values: Object.fromEntries(people.map((p) => [p, statisticsValue(p)])),
      optedOut: [],
    },
  ];
}

/** A value that moves week to week, as real ones do (the presence attacks read statuses and counts, not values). */
const weeklyValue = (person: string, week: string): number => 30 + ([...`${person}|${week}`].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 9973, 11) % 300);

/**
 * Three weeks of an organisation for the presence attacks: a grid of 50 people, rows R1–R5 (teams
 * under the root, 10 each) crossed with columns C1–C5 (flat Slack groups, 10 each), so each row
 * and column pair shares two people (g<row><column><1|2>) and every rule releases every group; and
 * team D of eight (d1–d8) in no column. Week 2: g111 is absent (no values). Week 3: g111 is back
 * and d2 opts out.
 */
export function presenceWorld(): WorldWeek[] {
  const grid = [1, 2, 3, 4, 5].flatMap((r) => [1, 2, 3, 4, 5].flatMap((c) => [1, 2].map((i) => ({ person: `g${r}${c}${i}`, r, c }))));
  const team = names('d', 1, 8);
  const teams = [
    { team: 'org', parent: null },
    ...[1, 2, 3, 4, 5].map((r) => ({ team: `R${r}`, parent: 'org' })),
    ...[1, 2, 3, 4, 5].map((c) => ({ team: `C${c}`, parent: null })),
    { team: 'D', parent: 'org' },
  ];
  const members = [
    ...grid.flatMap(({ person, r, c }) => [
      { team: `R${r}`, person },
      { team: `C${c}`, person },
    ]),
    ...team.map((person) => ({ team: 'D', person })),
  ];
  const everyone = [...grid.map((g) => g.person), ...team];
  return ['2024-01-01', '2024-01-08', '2024-01-15'].map((week, index) => ({
    week,
    teams,
    members,
    segments: [],
    values: Object.fromEntries(everyone.filter((p) => !(index === 1 && p === 'g111')).map((p) => [p, weeklyValue(p, week)])),
    optedOut: index === 2 ? ['d2'] : [],
  }));
}

/**
 * Six overlapping flat teams (as Slack user groups become), built from atoms of five people (a–h)
 * and two people alone (p, q): X = a+b+p, Y = a+d+g, Z = b+e, W1 = c+g+q, W2 = d+e+h, W3 = c+h.
 * Every team has 10 to 15 members and any two differ by 5 or more people either way, so every rule
 * but the linear audit passes them; yet X − Y − Z + W1 + W2 − W3 = v(p) + v(q), which p (or q)
 * turns into the other's value. Two identical weeks.
 */
export function pairSumWorld(): WorldWeek[] {
  const atom = (letter: string) => names(letter, 1, 5);
  const teams: Record<string, string[]> = {
    X: [...atom('a'), ...atom('b'), 'p'],
    Y: [...atom('a'), ...atom('d'), ...atom('g')],
    Z: [...atom('b'), ...atom('e')],
    W1: [...atom('c'), ...atom('g'), 'q'],
    W2: [...atom('d'), ...atom('e'), ...atom('h')],
    W3: [...atom('c'), ...atom('h')],
  };
  const people = [...new Set(Object.values(teams).flat())];
  return ['2024-01-01', '2024-01-08'].map((week) => ({
    week,
    teams: Object.keys(teams).map((team) => ({ team, parent: null })),
    members: Object.entries(teams).flatMap(([team, members]) => members.map((person) => ({ team, person }))),
    segments: [],
    values: Object.fromEntries(people.map((p) => [p, trueValue(p)])),
    optedOut: [],
  }));
}
