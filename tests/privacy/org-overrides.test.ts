import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrgOverrideFile } from '../../cli/org-override-file.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { resolveOrganisation } from '../../transforms/release/resolve-organisation.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const pseudonymize = createPseudonymizer(new Uint8Array(32).fill(9));
const ada = pseudonymize('person', 'ada@example.com');
const bob = pseudonymize('person', 'bob@example.com');

const directory = {
  teams: [
    { team: 'google:/Eng', teamName: 'Eng', parent: null },
    { team: 'google:/Eng/Payments', teamName: 'Payments', parent: 'google:/Eng' },
    { team: 'google:/Loop', teamName: 'Loop', parent: 'google:/Loop/Inner' },
    { team: 'google:/Loop/Inner', teamName: 'Inner', parent: 'google:/Loop' },
  ],
  memberships: [
    { team: 'google:/Eng/Payments', teamName: 'Payments', person: ada },
    { team: 'google:/Eng/Payments', teamName: 'Payments', person: bob },
    { team: 'google:/Loop', teamName: 'Loop', person: bob },
  ],
  segments: [
    { dimension: 'location', value: 'Lisbon', person: ada },
    { dimension: 'location', value: 'Berlin', person: ada },
  ],
};
const teamsOf = (members: { group: string; person: string }[], person: string) => members.filter((m) => m.person === person).map((m) => m.group).sort();

describe('the organisation model', () => {
  it('counts a person in their teams and every ancestor, survives a parent cycle, and keeps one category per dimension', () => {
    const { groups, members } = resolveOrganisation(directory, { teams: [], people: [] });
    expect(teamsOf(members, ada)).toEqual(['google:/Eng', 'google:/Eng/Payments', 'segment:location=Berlin']);
    expect(teamsOf(members, bob)).toEqual(['google:/Eng', 'google:/Eng/Payments', 'google:/Loop', 'google:/Loop/Inner']);
    expect(groups.find((g) => g.group === 'segment:location=Berlin')).toEqual({ group: 'segment:location=Berlin', kind: 'segment', name: 'Berlin', parent: null, dimension: 'location' });
  });

  it('lets the override file win: new teams and parents, a person moved, a segment set; emails pseudonymized on load', async () => {
    const file = path.join(tempDir('org'), 'org.yaml');
    writeFileSync(
      file,
      ['teams:', '  - { id: platform, name: Platform, parent: "google:/Eng" }', 'people:', '  - { email: " Ada@Example.com", teams: [platform], segments: { location: Porto } }'].join('\n'),
    );
    const overrides = (await readOrgOverrideFile(file))(pseudonymize);
    expect(JSON.stringify(overrides)).not.toMatch(/example/i);
    const { groups, members } = resolveOrganisation(directory, overrides);
    expect(teamsOf(members, ada)).toEqual(['google:/Eng', 'org:platform', 'segment:location=Porto']);
    expect(groups.find((g) => g.group === 'org:platform')).toMatchObject({ name: 'Platform', parent: 'google:/Eng' });
  });

  it('rejects a file with unknown keys, naming the setting and the path but no value', async () => {
    const file = path.join(tempDir('org'), 'org.yaml');
    writeFileSync(file, 'people:\n  - { email: secret.person@example.com, team: [x] }\n');
    const failure = readOrgOverrideFile(file);
    await expect(failure).rejects.toThrow(/ATTUNE_ORG_FILE: .* people\.0: unrecognized_keys/);
    await expect(failure).rejects.not.toThrow(/secret\.person/);
  });
});
