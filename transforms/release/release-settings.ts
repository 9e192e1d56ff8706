import type { OrgOverrides } from './org-overrides.ts';

/** What an installation configures about releases beyond k: optional noise, the admin's organisation overrides and the settle delay. */
export interface ReleaseSettings {
  /** ε per metric per cell-week for discrete Laplace noise (ATTUNE_RELEASE_EPSILON), or null for exact values. */
  epsilon: number | null;
  /** The admin's override file (ATTUNE_ORG_FILE), pseudonymized; none when no file is configured. */
  overrides: OrgOverrides;
  /** Days after a week ends before it is released, so late data (delayed events, retries) is in (ATTUNE_RELEASE_SETTLE_DAYS). */
  settleDays: number;
}

/** The settle delay when none is configured: late Slack and calendar data is in within a few days. */
export const defaultSettleDays = 3;
