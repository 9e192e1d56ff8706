import { insiderKnowledge } from './adversary.ts';
import type { AnalystCell, WorldWeek } from './release-world.ts';

/** What an analyst reads about absences and opt-outs in one week from the cells' statuses and counts. */
export interface PresenceSignal {
  week: string;
  /** Groups whose cells show a member missing that nothing the analyst knows explains. */
  showing: string[];
  /** The people in every group showing a member missing and in no group showing none: who is absent or opted out. */
  candidates: string[];
}

/**
 * Attack on presence (absence and opt-out), from statuses and counts alone, by an analyst who
 * knows every group's members each week (not who is absent or opted out). In a week, a group
 * shows a member missing when its cell is released with fewer contributors than members, or is
 * suppressed though at its last release it had the same members (the rules are
 * deterministic in what the analyst knows, so only a change they don't know explains it); a
 * group released with exactly its members shows nobody missing. Intersecting the groups that
 * show someone missing and removing everyone in a group that shows nobody narrows the person
 * down, as in issue 10's findings 2 and 8. Read on one metric (after-hours minutes).
 */
export function presenceSignals(cells: readonly AnalystCell[], world: readonly WorldWeek[]): PresenceSignal[] {
  const members = insiderKnowledge(world, { everyMember: true });
  const cellOf = new Map(cells.filter((c) => c.metric === 'after_hours_minutes').map((c) => [`${c.week}|${c.group}`, c]));
  const same = (a: Set<string> | undefined, b: Set<string> | undefined) => a !== undefined && b !== undefined && a.size === b.size && [...a].every((p) => b.has(p));
  return world.slice(1).map((w, i) => {
    const groups = [...(members.get(w.week) ?? new Map<string, Set<string>>())];
    const lastReleased = (group: string) => world.slice(0, i + 1).findLast((e) => cellOf.get(`${e.week}|${group}`)?.status === 'released')?.week;
    const showing = groups.filter(([group, people]) => {
      const cell = cellOf.get(`${w.week}|${group}`);
      if (cell?.status === 'released') return (cell.contributors ?? 0) < people.size;
      const last = lastReleased(group);
      return last !== undefined && same(members.get(last)?.get(group), people);
    });
    const clean = groups.filter(([group, people]) => {
      const cell = cellOf.get(`${w.week}|${group}`);
      return cell?.status === 'released' && cell.contributors === people.size;
    });
    const cleared = new Set(clean.flatMap(([, people]) => [...people]));
    const candidates =
      showing.length === 0 ? [] : [...showing[0]![1]].filter((p) => showing.every(([, people]) => people.has(p)) && !cleared.has(p)).sort();
    return { week: w.week, showing: showing.map(([group]) => group).sort(), candidates };
  });
}
