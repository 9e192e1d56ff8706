import type { SimPerson } from './sim-person.ts';
import type { SimTeam } from './sim-team.ts';

/** Which people carry which planted pattern, and from when. */
export interface GroundTruth {
  /** Emails of people whose activity moves into evenings and weekends from `plantedFrom`. */
  afterHoursOverload: string[];
  /** Emails of people whose circle of collaborators shrinks week by week up to the period's end. */
  shrinkingNetwork: string[];
  /** Start of the last three weeks of the period (Monday 00:00 UTC). */
  plantedFrom: Date;
}

/** A seeded synthetic organisation: teams, people, the simulated period and the ground truth planted in it. */
export interface Organisation {
  seed: number;
  /** Email domain of every person. */
  domain: string;
  /** Company display name. */
  name: string;
  teams: SimTeam[];
  people: SimPerson[];
  /** `start` is a Monday 00:00 UTC, whole weeks before `end`'s week; `end` is exclusive. */
  period: { start: Date; end: Date };
  groundTruth: GroundTruth;
}
