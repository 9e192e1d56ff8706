import type { OrgGroup } from './org-group.ts';
import type { OrgOverrides } from './org-overrides.ts';

/** What the directories state, merged over sources, as the private store holds it. */
export interface DirectoryOrganisation {
  teams: readonly { team: string; teamName: string; parent: string | null }[];
  memberships: readonly { team: string; teamName: string; person: string }[];
  segments: readonly { dimension: string; value: string; person: string }[];
}

/** The organisation of one week: its groups, and every person counted in each (a team counts its sub-teams' members too). */
export interface ResolvedOrganisation {
  groups: OrgGroup[];
  members: { group: string; person: string }[];
}

/** The id of one segment category, as a group. */
const segmentGroup = (dimension: string, value: string) => `segment:${dimension}=${value}`;

/** The value under `key`, created first when missing. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}

/**
 * Merges the directories with the admin's overrides (which win) and rolls team membership up
 * the hierarchy: a person directly in a team is counted in it and in every ancestor. A parent
 * that no directory or override knows is dropped (the team becomes top-level); a cycle stops at
 * the first team seen twice. A person with several categories in one dimension keeps the first
 * in sort order, so every dimension partitions the people it covers.
 */
export function resolveOrganisation(directory: DirectoryOrganisation, overrides: OrgOverrides): ResolvedOrganisation {
  const teams = new Map<string, { name: string; parent: string | null }>();
  for (const m of directory.memberships) if (!teams.has(m.team)) teams.set(m.team, { name: m.teamName, parent: null });
  for (const t of directory.teams) teams.set(t.team, { name: t.teamName, parent: t.parent });
  for (const t of overrides.teams) {
    const known = teams.get(t.team);
    teams.set(t.team, { name: t.name ?? known?.name ?? t.team, parent: t.parent === null && known ? known.parent : t.parent });
  }

  const directTeams = new Map<string, Set<string>>();
  for (const m of directory.memberships) entry(directTeams, m.person, () => new Set()).add(m.team);
  const segments = new Map<string, Map<string, string>>();
  for (const s of [...directory.segments].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))) {
    const byDimension = entry(segments, s.person, () => new Map<string, string>());
    if (!byDimension.has(s.dimension)) byDimension.set(s.dimension, s.value);
  }
  for (const p of overrides.people) {
    if (p.teams) directTeams.set(p.person, new Set(p.teams));
    for (const [dimension, value] of Object.entries(p.segments ?? {})) entry(segments, p.person, () => new Map<string, string>()).set(dimension, value);
  }
  for (const direct of directTeams.values()) for (const team of direct) if (!teams.has(team)) teams.set(team, { name: team, parent: null });

  const members: { group: string; person: string }[] = [];
  for (const [person, direct] of directTeams) {
    const counted = new Set<string>();
    for (const start of direct) {
      for (let team: string | null = start; team !== null && teams.has(team) && !counted.has(team); team = teams.get(team)?.parent ?? null) {
        counted.add(team);
      }
    }
    for (const group of counted) members.push({ group, person });
  }
  const segmentGroups = new Map<string, OrgGroup>();
  for (const [person, byDimension] of segments) {
    for (const [dimension, value] of byDimension) {
      const group = segmentGroup(dimension, value);
      if (!segmentGroups.has(group)) segmentGroups.set(group, { group, kind: 'segment', name: value, parent: null, dimension });
      members.push({ group, person });
    }
  }
  const groups: OrgGroup[] = [...teams].map(([group, t]) => ({
    group,
    kind: 'team',
    name: t.name,
    parent: t.parent !== null && teams.has(t.parent) ? t.parent : null,
    dimension: null,
  }));
  return { groups: [...groups, ...segmentGroups.values()].sort((a, b) => (a.group < b.group ? -1 : 1)), members };
}
