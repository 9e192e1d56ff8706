/**
 * The admin's organisation overrides, with every email already pseudonymized: they win over
 * what the directories state. Teams given here are added, or rename and re-parent a directory team.
 */
export interface OrgOverrides {
  /** A team id of a directory (`slack:S01`, `google:/Sales`) or an admin's own (`org:…`). */
  teams: readonly { team: string; name: string | null; parent: string | null }[];
  people: readonly {
    person: string;
    /** The teams the person belongs to directly, replacing the directories' ones; undefined keeps those. */
    teams?: readonly string[];
    /** Segment categories by dimension, replacing the directories' ones for those dimensions. */
    segments?: Readonly<Record<string, string>>;
  }[];
}
