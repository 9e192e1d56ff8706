import { describe, expect, it } from 'vitest';
import { parseJiraIdentityMap } from '../../../connectors/jira/parse-jira-identity-map.ts';
import { ConfigError } from '../../../models/errors.ts';

describe('parseJiraIdentityMap', () => {
  it('reads accountId,email lines with an optional header, comments, quotes and blank lines, normalising emails', () => {
    const text = '# exported by the admin\naccountId,email\n5b10ac8d82e05b22cc7d4ef5, Ana.Ruiz@Example.COM \r\n\n"712020:0f1e2d3c-aaaa-bbbb-cccc-123456789abc","li.wei@example.com"\n';
    expect(parseJiraIdentityMap(text)).toEqual(
      new Map([
        ['5b10ac8d82e05b22cc7d4ef5', 'ana.ruiz@example.com'],
        ['712020:0f1e2d3c-aaaa-bbbb-cccc-123456789abc', 'li.wei@example.com'],
      ]),
    );
  });

  it('refuses a malformed line or a conflicting mapping with a ConfigError naming the setting and the line, not its contents', () => {
    for (const [text, line] of [
      ['a1,ana@example.com\nnot-an-email-line\n', 2],
      ['a1,ana@example.com,extra\n', 1],
      ['a1,ana@example.com\na1,bob@example.com\n', 2],
    ] as const) {
      const error = (() => {
        try {
          parseJiraIdentityMap(text);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).setting).toBe('JIRA_IDENTITY_MAP');
      expect((error as Error).message).toContain(`line ${line}`);
      expect((error as Error).message).not.toMatch(/@|a1/);
    }
  });
});
