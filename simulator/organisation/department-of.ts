import type { Organisation } from './organisation.ts';

/**
 * Each person's department team id: the parent of a leaf team, the department itself for its
 * head, null for the chief (who sits on the root team).
 */
export function departmentOf(org: Organisation): Map<string, string | null> {
  const teams = new Map(org.teams.map((t) => [t.id, t]));
  const root = org.teams.find((t) => t.parentId === null)?.id;
  const out = new Map<string, string | null>();
  for (const person of org.people) {
    const team = teams.get(person.teamId);
    if (!team || team.parentId === null) out.set(person.id, null);
    else out.set(person.id, team.parentId === root ? team.id : team.parentId);
  }
  return out;
}
