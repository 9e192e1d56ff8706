import type { OrgOverrides } from './org-overrides.ts';

/** What an installation configures about releases beyond k: optional noise and the admin's organisation overrides. */
export interface ReleaseSettings {
  /** ε per metric per cell-week for discrete Laplace noise (ATTUNE_RELEASE_EPSILON), or null for exact values. */
  epsilon: number | null;
  /** The admin's override file (ATTUNE_ORG_FILE), pseudonymized; none when no file is configured. */
  overrides: OrgOverrides;
}
