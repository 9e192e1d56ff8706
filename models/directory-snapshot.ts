import type { IdentityRecord } from './identity-record.ts';
import type { Person } from './person.ts';
import type { SegmentMembership } from './segment-membership.ts';
import type { Team } from './team.ts';
import type { TeamMembership } from './team-membership.ts';

/** Everything a source's directory says about people and teams, already pseudonymized, plus the identities for the vault. */
export interface DirectorySnapshot {
  people: Person[];
  /** The source's teams, with their parents where the source has a hierarchy. */
  teams: Team[];
  memberships: TeamMembership[];
  /** Segment memberships (department, location, …) where the source states them. */
  segments: SegmentMembership[];
  /** Real identities, for the encrypted vault only. */
  identities: IdentityRecord[];
  /** People the source listed without an email, kept under a per-source pseudonym. */
  unresolved: number;
  /** Accounts left out on purpose (bots, deactivated users). */
  excluded: number;
  /**
   * People whose details (time zone, working hours) could not be read this run, after retries:
   * they carry the unknown stand-ins, which never replace what the store already knows, and are read again next run.
   */
  incomplete?: number;
}
