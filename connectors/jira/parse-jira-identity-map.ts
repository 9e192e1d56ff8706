import { ConfigError } from '../../models/errors.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';

const setting = 'JIRA_IDENTITY_MAP';
const accountIdPattern = /^[A-Za-z0-9:_-]{1,128}$/;
const emailPattern = /^[^\s@,]+@[^\s@,]+$/;

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1').trim();

/**
 * Parses the admin's identity mapping for Jira accounts whose email Jira hides: CSV lines
 * `accountId,email` (a header line naming them, blank lines and `#` comments are skipped) into
 * account id → normalised email. A malformed line, or one account mapped to two emails, is a
 * ConfigError naming JIRA_IDENTITY_MAP and the line number, never the line's contents.
 */
export function parseJiraIdentityMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  let header = true;
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = trimmed.split(',').map(unquote);
    const isHeader = header && cells[0]?.toLowerCase() === 'accountid';
    header = false;
    if (isHeader) return;
    const [accountId = '', email = ''] = cells;
    if (cells.length !== 2 || !accountIdPattern.test(accountId) || !emailPattern.test(email)) {
      throw new ConfigError(`${setting} line ${index + 1} is not "accountId,email"`, setting, 'jira');
    }
    const normalised = normaliseEmail(email);
    if ((map.get(accountId) ?? normalised) !== normalised) {
      throw new ConfigError(`${setting} line ${index + 1} maps an account already mapped to another email`, setting, 'jira');
    }
    map.set(accountId, normalised);
  });
  return map;
}
