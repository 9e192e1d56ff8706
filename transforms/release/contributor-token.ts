/**
 * How a counted member is named in a contributor set: by their pseudonym when they count with a
 * value of their own (or their latest), and as `<borrower><<donor>` when they count with a donor's.
 * A set then changes when a borrower's source of value changes (their first own value, a new
 * donor), as it does when a member joins or leaves, so held rosters and time differencing see the
 * switch: with the same names for both, two releases of "the same" set would differ by the
 * difference of two people's values (docs/privacy.md, *Donors*).
 */
const separator = '<';

/** The name `person` is counted under when their value is `source`'s. */
export function contributorToken(person: string, source: string): string {
  return source === person ? person : `${person}${separator}${source}`;
}

/** Whose membership a contributor token stands for: the borrower, or the person themselves. */
export function memberOfToken(token: string): string {
  const at = token.indexOf(separator);
  return at < 0 ? token : token.slice(0, at);
}

/** Whose value a contributor token enters every cell with: the donor, or the person themselves. */
export function sourceOfToken(token: string): string {
  const at = token.indexOf(separator);
  return at < 0 ? token : token.slice(at + separator.length);
}

/**
 * SQL for one contributor token `column` with the person `$person` erased: a token of theirs (as
 * member) becomes `$tombstone`; a token borrowing their value keeps its member and borrows from
 * the tombstone, which has no value, so no roster can keep counting it.
 */
export function erasedTokenSql(column: string): string {
  const member = `split_part(${column}, '${separator}', 1)`;
  const source = `split_part(${column}, '${separator}', 2)`;
  return `CASE WHEN ${member} = $person THEN $tombstone WHEN ${source} = $person THEN ${member} || '${separator}' || $tombstone ELSE ${column} END`;
}

/** SQL true when the contributor token `column` names the person `$person`, as member or as source. */
export function tokenNamesSql(column: string): string {
  return `(split_part(${column}, '${separator}', 1) = $person OR split_part(${column}, '${separator}', 2) = $person)`;
}
