import type { Pseudonym } from '../../models/pseudonym.ts';
import type { Team } from '../../models/team.ts';
import type { TeamMembership } from '../../models/team-membership.ts';

/** What the team structure is built from: each kept person's department and manager (if kept too). */
export interface GraphTeamInput {
  pseudonym: Pseudonym;
  department: string | null;
  /** The manager's pseudonym, when the manager is a kept person. */
  manager: Pseudonym | null;
}

/**
 * Teams from the directory: one per department (`microsoft:dept:<department>`), and one per
 * manager with at least one report (`microsoft:mgr:<manager pseudonym>`, the manager and their
 * direct reports, named `<department> · <first six characters of the pseudonym>`, never a
 * person's name), whose parent is the team of the manager's own manager.
 */
export function graphTeams(people: readonly GraphTeamInput[]): { teams: Team[]; memberships: TeamMembership[] } {
  const byPseudonym = new Map(people.map((p) => [p.pseudonym, p]));
  const teams = new Map<string, Team>();
  const memberships: TeamMembership[] = [];
  const join = (team: Team, person: Pseudonym) => memberships.push({ team: team.team, teamName: team.teamName, person, source: 'microsoft' });
  const managerTeamId = (manager: Pseudonym) => `microsoft:mgr:${manager}`;

  for (const person of people) {
    if (person.department === null) continue;
    const id = `microsoft:dept:${person.department}`;
    const team = teams.get(id) ?? { team: id, teamName: person.department, parent: null, source: 'microsoft' };
    teams.set(id, team);
    join(team, person.pseudonym);
  }
  const managers = new Set(people.flatMap((p) => (p.manager === null ? [] : [p.manager])));
  for (const manager of managers) {
    const boss = byPseudonym.get(manager)?.manager ?? null;
    const team: Team = {
      team: managerTeamId(manager),
      teamName: `${byPseudonym.get(manager)?.department ?? 'Team'} · ${manager.slice(0, 6)}`,
      parent: boss === null ? null : managerTeamId(boss),
      source: 'microsoft',
    };
    teams.set(team.team, team);
    join(team, manager);
  }
  for (const person of people) {
    const team = person.manager === null ? undefined : teams.get(managerTeamId(person.manager));
    if (team) join(team, person.pseudonym);
  }
  return { teams: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team)), memberships };
}
