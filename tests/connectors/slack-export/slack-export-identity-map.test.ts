import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlackIdentityMap } from '../../../connectors/slack/parse-slack-identity-map.ts';
import { createSlackExportConnector } from '../../../connectors/slack-export/create-slack-export-connector.ts';
import { openSlackExportFiles } from '../../../connectors/slack-export/open-slack-export-files.ts';
import type { SlackExportFiles } from '../../../connectors/slack-export/slack-export-files.ts';
import { ConfigError } from '../../../models/errors.ts';
import { writeSlackExport } from '../../../simulator/slack/slack-export-writer.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startSlackFixture, type SlackFixture } from '../slack-fixture.ts';

describe('parseSlackIdentityMap', () => {
  it('reads slackUserId,email lines with an optional header, comments and quotes, normalising emails', () => {
    const text = '# from the admin\nslackUserId,email\nU012ABCDEF, Ana.Ruiz@Example.COM \r\n\n"W0AB12CD34","li.wei@example.com"\n';
    expect(parseSlackIdentityMap(text)).toEqual(new Map([['U012ABCDEF', 'ana.ruiz@example.com'], ['W0AB12CD34', 'li.wei@example.com']]));
  });

  it('refuses a malformed line or a conflicting mapping with a ConfigError naming SLACK_IDENTITY_MAP and the line, not its contents', () => {
    for (const [text, line] of [
      ['U012ABCDEF,ana@example.com\nana@example.com,U012ABCDEF\n', 2],
      ['u-lower,ana@example.com\n', 1],
      ['U012ABCDEF,ana@example.com\nU012ABCDEF,bob@example.com\n', 2],
    ] as const) {
      const refusal = expect.objectContaining({ setting: 'SLACK_IDENTITY_MAP', message: expect.stringMatching(new RegExp(`^SLACK_IDENTITY_MAP line ${line} [^@]*$`)) });
      expect(() => parseSlackIdentityMap(text)).toThrow(ConfigError);
      expect(() => parseSlackIdentityMap(text)).toThrow(refusal);
    }
  });
});

describe('Slack export without emails', () => {
  let f: SlackFixture;
  let files: SlackExportFiles;
  beforeAll(async () => {
    f = await startSlackFixture({ seed: 18 });
    const folder = join(tempDir('slack-export-no-emails'), 'export');
    await writeSlackExport(f.workspace, folder, { now: f.org.period.end, format: 'folder', emails: false });
    files = await openSlackExportFiles(folder);
  });
  afterAll(async () => {
    await files.close();
    await f.close();
  });

  it('leaves every person unresolved without a map, and says how many lack an email', async () => {
    const connector = createSlackExportConnector({ files, pseudonymize: f.pseudonymize });
    const dir = await connector.readDirectory();
    expect(dir.people).toHaveLength(f.org.people.length);
    expect(dir.unresolved).toBe(f.org.people.length);
    expect(await connector.emailCoverage()).toEqual({ people: f.org.people.length, withoutEmail: f.org.people.length, mapped: 0 });
  });

  it('with a map of slackUserId,email, pseudonymizes the mapped people by email, exactly as the API does', async () => {
    const { workspace, org } = f;
    const lines = org.people.filter((p) => p.id !== workspace.hiddenEmail.personId).map((p) => `${workspace.userIdByPerson.get(p.id)},${p.email}`);
    const identityMap = parseSlackIdentityMap(`slackUserId,email\n${lines.join('\n')}\n`);
    const connector = createSlackExportConnector({ files, pseudonymize: f.pseudonymize, identityMap });
    const api = await f.connector().readDirectory();
    expect(await connector.readDirectory()).toEqual({ ...api, teams: [], memberships: [], segments: [] });
    expect(await connector.emailCoverage()).toEqual({ people: org.people.length, withoutEmail: org.people.length, mapped: org.people.length - 1 });
  });
});
