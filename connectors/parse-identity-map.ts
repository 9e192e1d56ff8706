import { ConfigError } from '../models/errors.ts';
import { normaliseEmail } from '../models/normalise-email.ts';
import type { Source } from '../models/source.ts';

/** What an identity-map file of one source looks like, and which setting names it. */
export interface IdentityMapFormat {
  /** The setting that names the file, e.g. JIRA_IDENTITY_MAP: errors name it. */
  setting: string;
  source: Source;
  /** The id column's name, as in the optional header line and in errors, e.g. `accountId`. */
  idColumn: string;
  /** What a well-formed id of the source looks like. */
  idPattern: RegExp;
}

const emailPattern = /^[^\s@,]+@[^\s@,]+$/;

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1').trim();

/**
 * Parses an admin's identity mapping for accounts whose email a source hides: CSV lines
 * `<id>,email` (a first line naming the columns, blank lines and `#` comments are skipped) into
 * source id → normalised email. A malformed line, or one id mapped to two emails, is a
 * ConfigError naming the format's setting and the line number, never the line's contents.
 */
export function parseIdentityMap(text: string, format: IdentityMapFormat): Map<string, string> {
  const { setting, source, idColumn, idPattern } = format;
  const map = new Map<string, string>();
  let header = true;
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = trimmed.split(',').map(unquote);
    const isHeader = header && cells[0]?.toLowerCase() === idColumn.toLowerCase();
    header = false;
    if (isHeader) return;
    const [id = '', email = ''] = cells;
    if (cells.length !== 2 || !idPattern.test(id) || !emailPattern.test(email)) {
      throw new ConfigError(`${setting} line ${index + 1} is not "${idColumn},email"`, setting, source);
    }
    const normalised = normaliseEmail(email);
    if ((map.get(id) ?? normalised) !== normalised) {
      throw new ConfigError(`${setting} line ${index + 1} maps an account already mapped to another email`, setting, source);
    }
    map.set(id, normalised);
  });
  return map;
}
