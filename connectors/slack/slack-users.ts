import type { IdentityRecord } from '../../models/identity-record.ts';
import type { Person } from '../../models/person.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import { SlackUser } from './wire/slack-user.ts';
import { personWithDefaultHours } from '../person-with-default-hours.ts';
import { sourceUserIdentity } from '../source-user-identity.ts';

/** The people of a Slack workspace, pseudonymized, with the map from Slack user id to pseudonym. */
export interface SlackUsers {
  people: Person[];
  identities: IdentityRecord[];
  /** Slack user id → pseudonym, for the people kept (bots, deactivated users and Slackbot are not in it). */
  pseudonyms: Map<string, Pseudonym>;
  unresolved: number;
  excluded: number;
  /** People whose email came from the admin's identity map, not from Slack. */
  mapped: number;
}

const slackbotId = 'USLACKBOT';

/**
 * The people among raw Slack members (pages of `users.list`, or an export's `users.json`), each
 * parsed alone through the allow-list. People with an email get the cross-source `person`
 * pseudonym of the normalised email, else of the email `identityMap` (SLACK_IDENTITY_MAP) gives
 * their user id; those with neither get a per-account `source-user` pseudonym and count as
 * unresolved. Bots, deactivated users, Slackbot and members that don't parse are left out and
 * counted as excluded.
 */
export async function slackUsersOf(
  pages: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  pseudonymize: Pseudonymize,
  identityMap: ReadonlyMap<string, string> = new Map(),
): Promise<SlackUsers> {
  const users: SlackUsers = { people: [], identities: [], pseudonyms: new Map(), unresolved: 0, excluded: 0, mapped: 0 };
  for await (const members of pages) {
    for (const raw of members) {
      const parsed = SlackUser.safeParse(raw);
      if (!parsed.success || parsed.data.is_bot || parsed.data.deleted || parsed.data.id === slackbotId) {
        users.excluded++;
        continue;
      }
      if (users.pseudonyms.has(parsed.data.id)) continue;
      addUser(users, parsed.data, pseudonymize, identityMap);
    }
  }
  return users;
}

function addUser(users: SlackUsers, user: SlackUser, pseudonymize: Pseudonymize, identityMap: ReadonlyMap<string, string>): void {
  const shown = user.profile?.email || undefined;
  const { pseudonym, email } = sourceUserIdentity(pseudonymize, 'slack', user.id, shown ?? identityMap.get(user.id));
  if (email === null) users.unresolved++;
  else if (shown === undefined) users.mapped++;
  users.pseudonyms.set(user.id, pseudonym);
  users.people.push(personWithDefaultHours(pseudonym, user.tz, email !== null));
  users.identities.push({ pseudonym, email, sourceIds: [{ source: 'slack', id: user.id }] });
}
