import { parseIdentityMap } from '../parse-identity-map.ts';

/**
 * Parses the admin's identity mapping for Slack members whose email the export (or the API)
 * doesn't show: CSV lines `slackUserId,email` into Slack user id → normalised email (see
 * parseIdentityMap). A malformed line, or one user mapped to two emails, is a ConfigError naming
 * SLACK_IDENTITY_MAP and the line number.
 */
export function parseSlackIdentityMap(text: string): Map<string, string> {
  return parseIdentityMap(text, { setting: 'SLACK_IDENTITY_MAP', source: 'slack', idColumn: 'slackUserId', idPattern: /^[UW][A-Z0-9]{2,31}$/ });
}
