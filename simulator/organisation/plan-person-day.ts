import { localTime, type LocalDate } from '../local-time.ts';
import { Random } from '../random.ts';
import type { Organisation } from './organisation.ts';
import type { SimPerson } from './sim-person.ts';

const EVENING_START = 19 * 60;
const EVENING_END = 23 * 60 + 30;

/**
 * The instants (UTC ms, ascending, inside the period) at which a person posts top-level messages
 * on one local day. Drawn from a stream owned by (person, day), so a longer period never changes
 * an earlier day. Working days spread over the person's hours with a little after-hours work by
 * propensity; weekends are mostly quiet. A planted after-hours person, from `plantedFrom`, moves
 * most of their activity into local evenings (19:00–23:30) and works most weekends.
 */
export function planPersonDay(org: Organisation, person: SimPerson, date: LocalDate): number[] {
  const random = new Random(org.seed).fork(`day:${person.id}:${localTime.iso(date)}`);
  const noon = localTime.toUtc(person.timeZone, date, 12 * 60);
  const overloaded = person.planted === 'after_hours_overload' && noon >= org.groundTruth.plantedFrom.getTime();
  const weekend = localTime.weekday(date) >= 6;
  const { workStartMinute: start, workEndMinute: end } = person;

  const minutes: number[] = [];
  if (weekend) {
    if (overloaded ? random.chance(0.85) : random.chance(person.afterHoursPropensity * 1.5)) {
      const count = overloaded ? Math.round(person.messagesPerDay * random.between(0.4, 0.8)) : random.int(1, 3);
      for (let i = 0; i < count; i++) minutes.push(random.int(overloaded ? 9 * 60 : 10 * 60, overloaded ? EVENING_END : 20 * 60));
    }
  } else if (overloaded || !random.chance(0.03)) {
    const count = Math.max(0, Math.round(random.normal(person.messagesPerDay, person.messagesPerDay * 0.3)));
    for (let i = 0; i < count; i++) {
      if (overloaded && random.chance(0.65)) minutes.push(random.int(EVENING_START, EVENING_END));
      else if (!overloaded && random.chance(person.afterHoursPropensity)) {
        minutes.push(random.chance(0.7) ? random.int(end, Math.min(end + 180, 1439)) : random.int(Math.max(0, start - 90), start));
      } else minutes.push(random.int(start, end - 1));
    }
  }

  const from = org.period.start.getTime();
  const to = org.period.end.getTime();
  return minutes
    .map((m) => localTime.toUtc(person.timeZone, date, m) + random.int(0, 59_999))
    .filter((t) => t >= from && t < to)
    .sort((a, b) => a - b);
}
