/**
 * A group released cells are cut by, as the organisation stood in one week: a team (with its
 * parent in the hierarchy) or one category of a segment dimension (`segment:<dimension>=<value>`).
 */
export interface OrgGroup {
  group: string;
  kind: 'team' | 'segment';
  name: string;
  /** The parent team, for teams; null for top-level teams and for segments. */
  parent: string | null;
  /** The segment dimension (department, location, …), for segments; null for teams. */
  dimension: string | null;
}
