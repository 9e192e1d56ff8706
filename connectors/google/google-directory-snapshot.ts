import type { DirectorySnapshot } from '../../models/directory-snapshot.ts';
import { knownTimeZone } from '../../models/known-time-zone.ts';
import { defaultWorkingHours } from '../../models/person.ts';
import type { SegmentMembership } from '../../models/segment-membership.ts';
import type { Team } from '../../models/team.ts';
import type { GoogleUsers } from './read-google-users.ts';

/** The team id of an org unit path, e.g. `google:/Engineering/Payments`. */
const teamId = (path: string) => `google:${path}`;

/** Every ancestor of an org unit path below the root, the path itself last: `/A/B` → `/A`, `/A/B`. */
function unitsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * The Google directory as attune stores it: people with their calendar time zone (unknown → UTC,
 * timeZoneKnown false) and default working hours; a team per org unit below the root (named by
 * its last path segment, parent = the enclosing unit); each person a member of their own unit
 * (people in the root unit belong to no team); department and office segments where the primary
 * organisation states them; identities for the vault.
 */
export function googleDirectorySnapshot(users: GoogleUsers, timeZones: ReadonlyMap<string, string | null>): DirectorySnapshot {
  const teams = new Map<string, Team>();
  const snapshot: DirectorySnapshot = { people: [], teams: [], memberships: [], segments: [], identities: [], unresolved: 0, excluded: users.excluded };
  for (const { user, email, pseudonym } of users.users) {
    const timeZone = knownTimeZone(timeZones.get(email));
    snapshot.people.push({
      pseudonym,
      timeZone: timeZone ?? 'UTC',
      ...defaultWorkingHours,
      workDays: [...defaultWorkingHours.workDays],
      identityResolved: true,
      timeZoneKnown: timeZone !== null,
      workingHoursKnown: false,
    });
    snapshot.identities.push({ pseudonym, email, sourceIds: [{ source: 'google', id: user.id }] });

    const units = unitsOf(user.orgUnitPath ?? '/');
    units.forEach((unit, i) => {
      if (!teams.has(unit)) {
        teams.set(unit, { team: teamId(unit), teamName: unit.slice(unit.lastIndexOf('/') + 1), parent: i === 0 ? null : teamId(units[i - 1] as string), source: 'google' });
      }
    });
    const own = teams.get(units[units.length - 1] ?? '');
    if (own) snapshot.memberships.push({ team: own.team, teamName: own.teamName, person: pseudonym, source: 'google' });

    const organization = user.organizations?.find((o) => o.primary) ?? user.organizations?.[0];
    const segment = (dimension: string, value: string | undefined): SegmentMembership[] =>
      value?.trim() ? [{ dimension, value: value.trim(), person: pseudonym, source: 'google' }] : [];
    snapshot.segments.push(...segment('department', organization?.department), ...segment('location', organization?.location));
  }
  snapshot.teams = [...teams.values()].sort((a, b) => (a.team < b.team ? -1 : 1));
  return snapshot;
}
