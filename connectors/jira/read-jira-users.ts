import { z } from 'zod';
import type { IdentityRecord } from '../../models/identity-record.ts';
import { knownTimeZone } from '../../models/known-time-zone.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import { defaultWorkingHours, type Person } from '../../models/person.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { JiraApi } from './jira-api.ts';
import { JiraUser } from './wire/jira-user.ts';

/** The people of a Jira site, pseudonymized, with the map from account id to pseudonym. */
export interface JiraUsers {
  people: Person[];
  identities: IdentityRecord[];
  /** Account id → pseudonym of the people kept (apps, deactivated accounts and the API user are not in it). */
  pseudonyms: Map<string, Pseudonym>;
  /** People with neither a visible email nor a mapped one, kept under a per-account pseudonym. */
  unresolved: number;
  /** Accounts left out: apps, customers, deactivated, the integration's own account, unparseable. */
  excluded: number;
}

/** What reading the users needs besides the API. */
export interface JiraUsersOptions {
  pseudonymize: Pseudonymize;
  /** Admin mapping for accounts whose email Jira hides: account id → email. */
  identityMap: ReadonlyMap<string, string>;
  /** The API token's own account, left out. */
  selfAccountId: string;
  pageSize: number;
}

const UsersPage = z.array(z.unknown());

/**
 * Reads `/users/search` page by page (startAt/maxResults; a bare array, until an empty page).
 * An `atlassian` account that is active becomes a person: by its visible email, else by the
 * admin mapping, else under `source-user` pseudonym `jira:<accountId>` (unresolved, never guessed).
 * Its time zone is Jira's when this runtime knows it, else UTC with `timeZoneKnown` false.
 */
export async function readJiraUsers(api: JiraApi, options: JiraUsersOptions): Promise<JiraUsers> {
  const { pseudonymize, identityMap, selfAccountId, pageSize } = options;
  const users: JiraUsers = { people: [], identities: [], pseudonyms: new Map(), unresolved: 0, excluded: 0 };
  for (let startAt = 0; ; startAt += pageSize) {
    const page = await api.call('users', (c) => c.users.getAllUsers<unknown>({ startAt, maxResults: pageSize }), UsersPage);
    if (page.length === 0) break;
    for (const raw of page) {
      const parsed = JiraUser.safeParse(raw);
      const user = parsed.data;
      if (!user || (user.accountType ?? 'atlassian') !== 'atlassian' || user.active === false || user.accountId === selfAccountId) {
        users.excluded++;
        continue;
      }
      if (users.pseudonyms.has(user.accountId)) continue;
      const visible = user.emailAddress ? normaliseEmail(user.emailAddress) : '';
      const email = visible || normaliseEmail(identityMap.get(user.accountId) ?? '') || null;
      const pseudonym = email === null ? pseudonymize('source-user', `jira:${user.accountId}`) : pseudonymize('person', email);
      if (email === null) users.unresolved++;
      users.pseudonyms.set(user.accountId, pseudonym);
      const timeZone = knownTimeZone(user.timeZone);
      users.people.push({
        pseudonym,
        timeZone: timeZone ?? 'UTC',
        ...defaultWorkingHours,
        workDays: [...defaultWorkingHours.workDays],
        identityResolved: email !== null,
        timeZoneKnown: timeZone !== null,
        workingHoursKnown: false,
      });
      users.identities.push({ pseudonym, email, sourceIds: [{ source: 'jira', id: user.accountId }] });
    }
  }
  return users;
}
