import type { Organisation } from '../organisation/organisation.ts';

/** A Jira project of the simulated site: one per leaf team. */
export interface JiraSimProject {
  id: string;
  key: string;
  name: string;
  /** The simulated team whose members work in it. */
  teamId: string;
}

/** One project per leaf team, keyed by the first letters of the team's name (made unique with a digit). */
export function planJiraProjects(org: Organisation): JiraSimProject[] {
  const parents = new Set(org.teams.map((t) => t.parentId));
  const used = new Set<string>();
  return org.teams
    .filter((t) => t.parentId !== null && !parents.has(t.id))
    .map((team, i) => {
      const letters = team.name.toUpperCase().replace(/[^A-Z]/g, '').padEnd(3, 'X');
      let key = letters.slice(0, 3);
      for (let n = 2; used.has(key); n++) key = `${letters.slice(0, 3)}${n}`;
      used.add(key);
      return { id: String(10_000 + i), key, name: team.name, teamId: team.id };
    });
}
