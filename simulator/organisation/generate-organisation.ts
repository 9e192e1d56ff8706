import { Random } from '../random.ts';
import { DEPARTMENT_CATALOG } from './department-catalog.ts';
import type { Organisation } from './organisation.ts';
import type { SimPerson } from './sim-person.ts';
import type { SimTeam } from './sim-team.ts';
import { SYNTHETIC_NAMES } from './synthetic-names.ts';
import { TIME_ZONES } from './time-zones.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const DOMAIN = 'northwind-sim.example';
const MIN_PEOPLE = 24;

/** How to size the organisation and its simulated period. */
export interface OrganisationOptions {
  seed: number;
  people: number;
  weeks: number;
  /** Exclusive end of the simulated period. */
  end: Date;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Monday 00:00 UTC of the week containing `at`. */
function mondayOf(at: Date): number {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return midnight - ((at.getUTCDay() + 6) % 7) * DAY_MS;
}

/** Sizes of the leaf teams (manager included): every sixth team is small (3–4), the rest 5–12. */
function leafTeamSizes(random: Random, total: number): number[] {
  const sizes: number[] = [];
  let remaining = total;
  while (remaining > 0) {
    let size = sizes.length % 6 === 2 ? random.int(3, 4) : random.int(5, 12);
    if (remaining - size < 3) size = remaining <= 12 ? remaining : remaining - 3;
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

/**
 * Generates a seeded synthetic organisation: a root, four to six departments and leaf teams of
 * 3–12 people across several continents, each with a manager; a few people carrying planted
 * patterns; and the period the simulated activity covers. The organisation depends only on
 * `seed` and `people`; `weeks` and `end` only set the period and when the planted patterns start.
 */
export function generateOrganisation({ seed, people, weeks, end }: OrganisationOptions): Organisation {
  if (!Number.isInteger(people) || people < MIN_PEOPLE) throw new RangeError(`people must be an integer ≥ ${MIN_PEOPLE}`);
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError('weeks must be a positive integer');
  if (Number.isNaN(end.getTime())) throw new RangeError('end must be a valid date');

  const root = new Random(seed).fork('organisation');
  const structure = root.fork('structure');
  const departments = DEPARTMENT_CATALOG.slice(0, Math.min(6, Math.max(4, Math.round(people / 60))));

  const teams: SimTeam[] = [];
  const rootTeam: SimTeam = { id: 'team-root', name: 'Northwind', parentId: null, managerId: null, homeTimeZone: structure.weighted(TIME_ZONES) };
  teams.push(rootTeam);
  const departmentTeams = departments.map((d): SimTeam => {
    const team = { id: `dept-${slug(d.name)}`, name: d.name, parentId: rootTeam.id, managerId: null, homeTimeZone: structure.weighted(TIME_ZONES) };
    teams.push(team);
    return team;
  });

  const leafSizes = leafTeamSizes(structure, people - 1 - departments.length);
  const namesUsed = new Map<number, number>();
  const leafTeams = leafSizes.map((size, i) => {
    const d = i < departments.length ? i : departments.indexOf(structure.weighted(departments.map((x) => [x, x.weight] as const)));
    const department = departments[d];
    const parent = departmentTeams[d];
    if (!department || !parent) throw new Error('department index out of range');
    const n = namesUsed.get(d) ?? 0;
    namesUsed.set(d, n + 1);
    const base = department.teams[n % department.teams.length] ?? department.name;
    const name = n < department.teams.length ? base : `${base} ${Math.floor(n / department.teams.length) + 1}`;
    const team: SimTeam = { id: `team-${slug(name)}`, name, parentId: parent.id, managerId: null, homeTimeZone: structure.weighted(TIME_ZONES) };
    teams.push(team);
    return { team, size };
  });

  const emails = new Set<string>();
  const persons: SimPerson[] = [];
  const addPerson = (team: SimTeam, managerId: string | null, isManager: boolean): SimPerson => {
    const id = `P${String(persons.length + 1).padStart(4, '0')}`;
    const r = root.fork(`person:${id}`);
    const givenName = r.pick(SYNTHETIC_NAMES.given);
    const familyName = r.pick(SYNTHETIC_NAMES.family);
    const local = `${givenName}.${familyName}`.toLowerCase();
    let email = `${local}@${DOMAIN}`;
    for (let k = 2; emails.has(email); k++) email = `${local}${k}@${DOMAIN}`;
    emails.add(email);
    const remote = r.chance(0.2);
    const timeZone = remote ? r.weighted(TIME_ZONES.filter(([z]) => z !== team.homeTimeZone)) : team.homeTimeZone;
    const workStartMinute = Math.round(Math.min(630, Math.max(420, r.normal(540, 40))) / 15) * 15;
    const person: SimPerson = {
      id,
      email,
      givenName,
      familyName,
      timeZone,
      teamId: team.id,
      managerId,
      workStartMinute,
      workEndMinute: workStartMinute + r.pick([480, 510, 540]),
      messagesPerDay: Math.round(Math.min(20, Math.max(2, r.normal(isManager ? 10 : 8, 3))) * 10) / 10,
      afterHoursPropensity: Math.round(Math.min(0.2, Math.max(0.005, r.exponential(0.05))) * 1000) / 1000,
      planted: null,
    };
    persons.push(person);
    if (isManager) team.managerId = id;
    return person;
  };

  const chief = addPerson(rootTeam, null, true);
  const heads = departmentTeams.map((team) => addPerson(team, chief.id, true));
  const managers = new Set([chief.id, ...heads.map((h) => h.id)]);
  for (const { team, size } of leafTeams) {
    const head = heads[departmentTeams.findIndex((d) => d.id === team.parentId)];
    if (!head) throw new Error('leaf team without a department head');
    const manager = addPerson(team, head.id, true);
    managers.add(manager.id);
    for (let k = 1; k < size; k++) addPerson(team, manager.id, false);
  }

  const perPattern = Math.max(2, Math.round(people * 0.025));
  const chosen = root.fork('planted').sample(persons.filter((p) => !managers.has(p.id)), 2 * perPattern);
  chosen.forEach((p, i) => {
    p.planted = i < perPattern ? 'after_hours_overload' : 'shrinking_network';
  });

  const start = mondayOf(end) - weeks * WEEK_MS;
  return {
    seed,
    domain: DOMAIN,
    name: 'Northwind (simulated)',
    teams,
    people: persons,
    period: { start: new Date(start), end: new Date(end.getTime()) },
    groundTruth: {
      afterHoursOverload: chosen.slice(0, perPattern).map((p) => p.email),
      shrinkingNetwork: chosen.slice(perPattern).map((p) => p.email),
      plantedFrom: new Date(start + Math.max(0, weeks - 3) * WEEK_MS),
    },
  };
}
