import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';
import { normaliseEmail } from '../models/normalise-email.ts';
import type { Pseudonymize } from '../models/pseudonym.ts';
import type { OrgOverrides } from '../transforms/release/org-overrides.ts';

const name = z.string().trim().min(1);
/** The admin's file, allow-listed: unknown keys are an error, so a typo never passes silently. */
const OverrideFile = z.strictObject({
  teams: z.array(z.strictObject({ id: name, name: name.optional(), parent: name.optional() })).default([]),
  people: z
    .array(
      z.strictObject({
        email: z.string().trim().pipe(z.email()),
        teams: z.array(name).optional(),
        segments: z.record(name, name).optional(),
      }),
    )
    .default([]),
});

/** An admin's own team id (no source prefix) becomes `org:<id>`; a directory id (`slack:S01`, `google:/Sales`) stays as it is. */
const teamId = (id: string) => (id.includes(':') ? id : `org:${id}`);

/**
 * Reads and checks the organisation override file (YAML; ATTUNE_ORG_FILE) before anything is
 * written; the function returned pseudonymizes every email with the installation's pseudonymizer,
 * so the file itself is never copied anywhere:
 *
 * ```yaml
 * teams:                       # added, or renaming / re-parenting a directory team
 *   - { id: platform, name: Platform, parent: "google:/Engineering" }
 * people:                      # what is given wins over every directory
 *   - { email: ada@example.com, teams: [platform], segments: { location: Lisbon } }
 * ```
 */
export async function readOrgOverrideFile(path: string): Promise<(pseudonymize: Pseudonymize) => OrgOverrides> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`ATTUNE_ORG_FILE: cannot read the organisation file ${path}`, 'ATTUNE_ORG_FILE');
  }
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    throw new ConfigError(`ATTUNE_ORG_FILE: ${path} is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`, 'ATTUNE_ORG_FILE');
  }
  const parsed = OverrideFile.safeParse(document);
  if (!parsed.success) {
    // Paths and issue codes only: the file's values (emails) never reach an error message.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.code}`);
    throw new ConfigError(`ATTUNE_ORG_FILE: ${path} does not match the expected layout: ${problems.join('; ')}`, 'ATTUNE_ORG_FILE');
  }
  return (pseudonymize) => ({
    teams: parsed.data.teams.map((t) => ({ team: teamId(t.id), name: t.name ?? null, parent: t.parent === undefined ? null : teamId(t.parent) })),
    people: parsed.data.people.map((p) => ({
      person: pseudonymize('person', normaliseEmail(p.email)),
      ...(p.teams ? { teams: p.teams.map(teamId) } : {}),
      ...(p.segments ? { segments: p.segments } : {}),
    })),
  });
}
