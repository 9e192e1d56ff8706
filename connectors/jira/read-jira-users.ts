import { z } from 'zod';
import type { IdentityRecord } from '../../models/identity-record.ts';
import type { Person } from '../../models/person.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { JiraApi } from './jira-api.ts';
import { JiraUser } from './wire/jira-user.ts';
import { personWithDefaultHours } from '../person-with-default-hours.ts';
import { sourceUserIdentity } from '../source-user-identity.ts';

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
 * Reads `/users/search` page by page (startAt/maxResults; a bare array, until an empty page),
 * each page starting after the accounts returned so far: a site may return fewer than asked.
 * An `atlassian` account that is active becomes a person: by its visible email, else by the
 * admin mapping, else under `source-user` pseudonym `jira:<accountId>` (unresolved, never guessed).
 * Its time zone is Jira's when this runtime knows it, else UTC with `timeZoneKnown` false.
 */
export async function readJiraUsers(api: JiraApi, options: JiraUsersOptions): Promise<JiraUsers> {
  const { pseudonymize, identityMap, selfAccountId, pageSize } = options;
  const users: JiraUsers = { people: [], identities: [], pseudonyms: new Map(), unresolved: 0, excluded: 0 };
  for (let startAt = 0; ; ) {
    const from = startAt;
    const page = await api.call('users', (c) => c.users.getAllUsers<unknown>({ startAt: from, maxResults: pageSize }), UsersPage);
    if (page.length === 0) break;
    startAt += page.length;
    for (const raw of page) {
      const parsed = JiraUser.safeParse(raw);
      const user = parsed.data;
      if (!user || (user.accountType ?? 'atlassian') !== 'atlassian' || user.active === false || user.accountId === selfAccountId) {
        users.excluded++;
        continue;
      }
      if (users.pseudonyms.has(user.accountId)) continue;
      const { pseudonym, email } = sourceUserIdentity(pseudonymize, 'jira', user.accountId, user.emailAddress || identityMap.get(user.accountId));
      if (email === null) users.unresolved++;
      users.pseudonyms.set(user.accountId, pseudonym);
      users.people.push(personWithDefaultHours(pseudonym, user.timeZone, email !== null));
      users.identities.push({ pseudonym, email, sourceIds: [{ source: 'jira', id: user.accountId }] });
    }
  }
  return users;
}
