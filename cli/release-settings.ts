import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';
import type { Pseudonymize } from '../models/pseudonym.ts';
import { defaultEpsilonCap, defaultSettleDays, type ReleaseSettings } from '../transforms/release/release-settings.ts';
import { readOrgOverrideFile } from './org-override-file.ts';

const Environment = z.object({
  ATTUNE_RELEASE_EPSILON: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number().positive().max(100).optional()),
  ATTUNE_RELEASE_EPSILON_CAP: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : defaultEpsilonCap))
    .pipe(z.number().positive().max(1000)),
  ATTUNE_RELEASE_SETTLE_DAYS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : defaultSettleDays))
    .pipe(z.number().int().min(0).max(28)),
  ATTUNE_ORG_FILE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
});

/**
 * The release settings from the environment: ATTUNE_RELEASE_EPSILON (ε per metric per
 * cell-week for discrete Laplace noise; unset = exact values), ATTUNE_RELEASE_EPSILON_CAP (with
 * noise, the most ε per person-week over all cells and metrics; 10 by default), ATTUNE_RELEASE_SETTLE_DAYS (days
 * after a week ends before it is released; 3 by default) and ATTUNE_ORG_FILE (the admin's
 * organisation overrides, read and pseudonymized now).
 */
export async function loadReleaseSettings(env: Record<string, string | undefined>, pseudonymize: Pseudonymize): Promise<ReleaseSettings> {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const expected = issue?.path[0] === 'ATTUNE_RELEASE_SETTLE_DAYS' ? 'a whole number of days from 0 to 28, e.g. 3' : 'a positive number, e.g. 1';
    throw new ConfigError(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message} (${expected})`, String(issue?.path[0]));
  }
  const { ATTUNE_RELEASE_EPSILON: epsilon, ATTUNE_RELEASE_EPSILON_CAP: epsilonCap, ATTUNE_RELEASE_SETTLE_DAYS: settleDays, ATTUNE_ORG_FILE: orgFile } = parsed.data;
  return {
    epsilon: epsilon ?? null,
    epsilonCap,
    settleDays,
    overrides: orgFile ? await readOrgOverrideFile(orgFile, pseudonymize) : { teams: [], people: [] },
  };
}
