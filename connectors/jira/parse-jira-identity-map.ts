import { parseIdentityMap } from '../parse-identity-map.ts';

/**
 * Parses the admin's identity mapping for Jira accounts whose email Jira hides: CSV lines
 * `accountId,email` into account id → normalised email (see parseIdentityMap). A malformed line,
 * or one account mapped to two emails, is a ConfigError naming JIRA_IDENTITY_MAP and the line number.
 */
export function parseJiraIdentityMap(text: string): Map<string, string> {
  return parseIdentityMap(text, { setting: 'JIRA_IDENTITY_MAP', source: 'jira', idColumn: 'accountId', idPattern: /^[A-Za-z0-9:_-]{1,128}$/ });
}
