import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';
import { optionalDecimalSetting, optionalText, wholeNumberSetting } from '../models/setting-values.ts';
import type { Pseudonymize } from '../models/pseudonym.ts';
import { defaultEpsilonCap, defaultSettleDays, type ReleaseSettings } from '../transforms/release/release-settings.ts';
import { readOrgOverrideFile } from './org-override-file.ts';

const Environment = z.object({
  ATTUNE_RELEASE_EPSILON: optionalDecimalSetting(100),
  ATTUNE_RELEASE_EPSILON_CAP: optionalDecimalSetting(1000).transform((v) => v ?? defaultEpsilonCap),
  ATTUNE_RELEASE_SETTLE_DAYS: wholeNumberSetting(defaultSettleDays, 0, 28),
  ATTUNE_ORG_FILE: optionalText,
});

/** Release settings read and checked, waiting for the installation's pseudonymizer to pseudonymize the organisation file's emails. */
export type PendingReleaseSettings = (pseudonymize: Pseudonymize) => ReleaseSettings;

/**
 * The release settings from the environment: ATTUNE_RELEASE_EPSILON (ε per metric per
 * cell-week for discrete Laplace noise; unset = exact values), ATTUNE_RELEASE_EPSILON_CAP (with
 * noise, the most ε per person-week over all cells and metrics; 10 by default), ATTUNE_RELEASE_SETTLE_DAYS (days
 * after a week ends before it is released; 3 by default) and ATTUNE_ORG_FILE (the admin's
 * organisation overrides). Read and checked, the file included, before a key or store is created;
 * the file's emails are pseudonymized once the installation key is known.
 */
export async function loadReleaseSettings(env: Record<string, string | undefined>): Promise<PendingReleaseSettings> {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const expected = issue?.path[0] === 'ATTUNE_RELEASE_SETTLE_DAYS' ? 'a whole number of days from 0 to 28, e.g. 3' : 'a positive number, e.g. 1';
    throw new ConfigError(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message} (${expected})`, String(issue?.path[0]));
  }
  const { ATTUNE_RELEASE_EPSILON: epsilon, ATTUNE_RELEASE_EPSILON_CAP: epsilonCap, ATTUNE_RELEASE_SETTLE_DAYS: settleDays, ATTUNE_ORG_FILE: orgFile } = parsed.data;
  const overrides = orgFile ? await readOrgOverrideFile(orgFile) : () => ({ teams: [], people: [] });
  return (pseudonymize) => ({ epsilon: epsilon ?? null, epsilonCap, settleDays, overrides: overrides(pseudonymize) });
}
