import type { OrgOverrides } from './org-overrides.ts';

/** What an installation configures about releases beyond k: optional noise, the admin's organisation overrides and the settle delay. */
export interface ReleaseSettings {
  /** ε per metric per cell-week for discrete Laplace noise (ATTUNE_RELEASE_EPSILON), or null for exact values. */
  epsilon: number | null;
  /** The admin's override file (ATTUNE_ORG_FILE), pseudonymized; none when no file is configured. */
  overrides: OrgOverrides;
  /** Days after a week ends before it is released, so late data (delayed events, retries) is in (ATTUNE_RELEASE_SETTLE_DAYS). */
  settleDays: number;
  /** With noise, the most ε one person's values may be used with in a week, over all cells and metrics (ATTUNE_RELEASE_EPSILON_CAP). */
  epsilonCap: number;
}

/** The ε cap per person-week when none is configured: about ten cells' worth at ε = 1, where a person sits in ~60. */
export const defaultEpsilonCap = 10;

/** The settle delay when none is configured: late Slack and calendar data is in within a few days. */
export const defaultSettleDays = 3;
