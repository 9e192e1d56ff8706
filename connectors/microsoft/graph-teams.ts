import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { Team } from '../../models/team.ts';
import type { TeamMembership } from '../../models/team-membership.ts';

/** What the team structure is built from: each kept person's Graph user id, department and manager (if kept too). */
export interface GraphTeamInput {
  pseudonym: Pseudonym;
  /** The Graph user id: a manager's team is keyed by it, never by the manager's pseudonym. */
  userId: string;
  department: string | null;
  /** The manager's Graph user id, when the manager is a kept person. */
  manager: string | null;
}

/** The keyed part of a manager's team id (`microsoft:mgr:<key>`): the `team` pseudonym of the manager's Graph user id. */
export function graphManagerTeamKey(pseudonymize: Pseudonymize, managerUserId: string): Pseudonym {
  return pseudonymize('team', `microsoft:mgr:${managerUserId}`);
}

/**
 * Teams from the directory: one per department (`microsoft:dept:<department>`), and one per
 * manager with at least one report: the manager and their direct reports, whose parent is the
 * team of the manager's own manager. A manager's team is `microsoft:mgr:<id>` with `<id>` the
 * `team` pseudonym of the manager's Graph user id, named `Team of a manager in <department>
 * (<first six characters of that id>)`: neither the id nor the name holds a person's name or
 * pseudonym, and without the installation key nobody can link the team id to the manager's
 * pseudonym (the namespaces are hashed apart).
 */
export function graphTeams(people: readonly GraphTeamInput[], pseudonymize: Pseudonymize): { teams: Team[]; memberships: TeamMembership[] } {
  const byUserId = new Map(people.map((p) => [p.userId, p]));
  const teams = new Map<string, Team>();
  const memberships: TeamMembership[] = [];
  const join = (team: Team, person: Pseudonym) => memberships.push({ team: team.team, teamName: team.teamName, person, source: 'microsoft' });
  const managerTeamKey = (managerUserId: string) => graphManagerTeamKey(pseudonymize, managerUserId);
  const managerTeamId = (managerUserId: string) => `microsoft:mgr:${managerTeamKey(managerUserId)}`;

  for (const person of people) {
    if (person.department === null) continue;
    const id = `microsoft:dept:${person.department}`;
    const team = teams.get(id) ?? { team: id, teamName: person.department, parent: null, source: 'microsoft' };
    teams.set(id, team);
    join(team, person.pseudonym);
  }
  const managers = new Set(people.flatMap((p) => (p.manager !== null && byUserId.has(p.manager) ? [p.manager] : [])));
  for (const manager of managers) {
    const { department, manager: boss, pseudonym } = byUserId.get(manager) as GraphTeamInput;
    const team: Team = {
      team: managerTeamId(manager),
      teamName: `Team of a manager${department === null ? '' : ` in ${department}`} (${managerTeamKey(manager).slice(0, 6)})`,
      parent: boss === null || !byUserId.has(boss) ? null : managerTeamId(boss),
      source: 'microsoft',
    };
    teams.set(team.team, team);
    join(team, pseudonym);
  }
  for (const person of people) {
    const team = person.manager === null ? undefined : teams.get(managerTeamId(person.manager));
    if (team) join(team, person.pseudonym);
  }
  return { teams: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team)), memberships };
}
