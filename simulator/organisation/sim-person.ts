/** What the simulator plants in a person's behaviour for the pipeline to find. */
export type PlantedPattern = 'after_hours_overload' | 'shrinking_network';

/** One synthetic employee and the habits their simulated activity follows. */
export interface SimPerson {
  /** Stable simulator id, e.g. `P0042`. */
  id: string;
  /** Unique work email, `given.family@<domain>`. */
  email: string;
  givenName: string;
  familyName: string;
  /** IANA time zone name. */
  timeZone: string;
  /** The team the person belongs to (a leaf team, a department for its head, the root for the chief). */
  teamId: string;
  managerId: string | null;
  /** Habitual start of the working day, minutes after local midnight. */
  workStartMinute: number;
  /** Habitual end of the working day, minutes after local midnight. */
  workEndMinute: number;
  /** Mean number of top-level messages on a working day. */
  messagesPerDay: number;
  /** Probability that any one message falls outside working hours (also drives weekend activity). */
  afterHoursPropensity: number;
  planted: PlantedPattern | null;
}
