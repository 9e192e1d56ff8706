import { memberOfToken, sourceOfToken } from './contributor-token.ts';
import type { OrgGroup } from './org-group.ts';

/**
 * Whom one group counts when its roster is held: the contributors of its last release while fewer
 * than `k` members have come or gone since (leavers, whose tokens must all still have a value,
 * count with it; joiners wait), else its members now, which then differ from the last release by
 * k or more members, or by none (a borrower whose source of value changed: the audit decides).
 */
function heldRoster(before: readonly string[] | undefined, members: readonly string[], k: number, hasValue: (token: string) => boolean): readonly string[] {
  if (!before) return members;
  const was = new Set(before.map(memberOfToken));
  const are = new Set(members.map(memberOfToken));
  const changed = [...are].filter((p) => !was.has(p)).length + [...was].filter((p) => !are.has(p)).length;
  const now = new Set(members);
  return changed > 0 && changed < k && before.every((p) => now.has(p) || hasValue(p)) ? before : members;
}

/**
 * Whom each group of one layer (one week, one metric) counts, as contributor tokens (see
 * contributor-token.ts), so that a group re-baselines in batches of k instead of being suppressed
 * by time differencing week after week:
 * - a team without sub-teams, a segment category: its held roster (see heldRoster) against its
 *   members with a value (`members`) and its contributors at its last release (`previous`);
 * - a team with sub-teams: the held roster against everyone its sub-teams count and its own direct
 *   members. Held against its members instead, a parent holding a leaver its sub-team has let go
 *   (or letting go of one its sub-team still holds) would differ from that sub-team by one person;
 *   held against what its sub-teams count, it re-baselines when they do.
 * With `held` false, every group counts its members now.
 */
export function layerContributors(
  groups: readonly OrgGroup[],
  members: (group: string) => readonly string[],
  { previous, k, hasValue, held }: { previous: ReadonlyMap<string, readonly string[]>; k: number; hasValue: (token: string) => boolean; held: boolean },
): Map<string, readonly string[]> {
  const children = new Map<string, string[]>();
  for (const g of groups) if (g.kind === 'team' && g.parent !== null) (children.get(g.parent) ?? children.set(g.parent, []).get(g.parent)!).push(g.group);
  const counted = new Map<string, readonly string[]>();
  const contributorsOf = (group: string): readonly string[] => {
    const known = counted.get(group);
    if (known) return known;
    const kids = children.get(group) ?? [];
    let result: readonly string[];
    if (!held) result = members(group);
    else if (kids.length === 0) result = heldRoster(previous.get(group), members(group), k, hasValue);
    else {
      const fromKids = new Set(kids.flatMap(contributorsOf));
      const inKids = new Set(kids.flatMap(members));
      const direct = members(group).filter((p) => !inKids.has(p) && !fromKids.has(p));
      result = heldRoster(previous.get(group), [...fromKids, ...direct].sort(), k, hasValue);
    }
    counted.set(group, result);
    return result;
  };
  for (const g of groups) contributorsOf(g.group);
  return counted;
}

/**
 * The groups' contributor tokens without any borrower's whose donor is not counted in exactly the
 * same groups as the borrower (under any of their tokens). A donor lends only within an atom of
 * the membership, but a held roster can count one of them and not the other (a joiner waiting, a
 * leaver held, a borrower's earlier donor): a cell would then hold the donor's value without the
 * donor, and two cells' difference would be that value. Such a token is left out instead (the
 * rules then see the changed contributors). `sourceOf` tells whose value a token enters with.
 */
export function withoutStrandedBorrowers(counts: ReadonlyMap<string, readonly string[]>, sourceOf: (token: string) => string = sourceOfToken): Map<string, readonly string[]> {
  const groupsOf = new Map<string, string[]>();
  for (const [group, tokens] of counts) for (const t of tokens) (groupsOf.get(memberOfToken(t)) ?? groupsOf.set(memberOfToken(t), []).get(memberOfToken(t))!).push(group);
  const signature = (p: string) => groupsOf.get(p)?.join('\n');
  const stranded = new Set(
    [...counts.values()].flat().filter((t) => {
      const donor = sourceOf(t);
      return donor !== memberOfToken(t) && signature(donor) !== signature(memberOfToken(t));
    }),
  );
  return new Map([...counts].map(([group, people]) => [group, stranded.size === 0 ? people : people.filter((p) => !stranded.has(p))]));
}
