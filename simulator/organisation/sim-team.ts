/** A node of the organisation's team hierarchy: the root, a department or a leaf team. */
export interface SimTeam {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  /** IANA zone where most members of a leaf team live. */
  homeTimeZone: string;
}
