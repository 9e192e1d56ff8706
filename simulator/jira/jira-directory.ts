import type { Organisation } from '../organisation/organisation.ts';
import type { Random } from '../random.ts';
import type { JiraSimUser } from './jira-sim-user.ts';

/** The accounts of the simulated Jira site and the facts tests need about them. */
export interface JiraDirectory {
  users: JiraSimUser[];
  /** Account id of each simulated person id. */
  accountIdByPerson: Map<string, string>;
  /** The account the API token belongs to (an integration user, not a simulated person). */
  apiUser: { accountId: string; email: string; timeZone: string };
  /** Automation for Jira: transitions and comments on some issues. */
  automationId: string;
  /** Deactivated accounts of former staff, active early in the period. */
  formerIds: string[];
  /** People whose email Jira hides (about 15 %, never a planted person). */
  hiddenEmailPersonIds: string[];
  /** People whose time zone Jira does not show. */
  unknownZonePersonIds: string[];
}

const HIDDEN_SHARE = 0.15;

function hex(r: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += r.int(0, 15).toString(16);
  return out;
}

/** A Jira Cloud account id: the older 24-hex form or the newer `712020:<uuid>` form. */
function accountId(r: Random): string {
  if (r.chance(0.6)) return hex(r, 24);
  return `712020:${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
}

/**
 * Builds the accounts of the simulated site: one `atlassian` account per person (about 15 % with
 * the email hidden, two without a time zone), the API token's integration user, two `app` accounts
 * and two deactivated former staff. Deterministic for the random stream given.
 */
export function buildJiraDirectory(org: Organisation, random: Random): JiraDirectory {
  const r = random.fork('directory');
  const planted = new Set(org.people.filter((p) => p.planted !== null).map((p) => p.id));
  const candidates = org.people.filter((p) => !planted.has(p.id));
  const hidden = new Set(r.sample(candidates, Math.round(org.people.length * HIDDEN_SHARE)).map((p) => p.id));
  const unknownZone = new Set(r.sample(candidates.filter((p) => !hidden.has(p.id)), 2).map((p) => p.id));

  const accountIdByPerson = new Map<string, string>();
  const users: JiraSimUser[] = org.people.map((p) => {
    const id = accountId(random.fork(`account:${p.id}`));
    accountIdByPerson.set(p.id, id);
    return {
      accountId: id,
      accountType: 'atlassian',
      displayName: `${p.givenName} ${p.familyName}`,
      emailAddress: hidden.has(p.id) ? null : p.email,
      timeZone: unknownZone.has(p.id) ? null : p.timeZone,
      active: true,
      personId: p.id,
    };
  });

  const apiUser = { accountId: accountId(r), email: `attune-integration@${org.domain}`, timeZone: 'Europe/Berlin' };
  users.push({ accountId: apiUser.accountId, accountType: 'atlassian', displayName: 'attune integration', emailAddress: apiUser.email, timeZone: apiUser.timeZone, active: true, personId: null });
  const app = (displayName: string): string => {
    const id = `557058:${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
    users.push({ accountId: id, accountType: 'app', displayName, emailAddress: null, timeZone: null, active: true, personId: null });
    return id;
  };
  const automationId = app('Automation for Jira');
  app('Slack');
  const formerIds = ['Harper Quillon', 'Teo Marchbank'].map((displayName, i) => {
    const id = accountId(r);
    users.push({ accountId: id, accountType: 'atlassian', displayName, emailAddress: `former${i + 1}@${org.domain}`, timeZone: 'Europe/London', active: false, personId: null });
    return id;
  });

  return {
    users: r.shuffle(users),
    accountIdByPerson,
    apiUser,
    automationId,
    formerIds,
    hiddenEmailPersonIds: [...hidden].sort(),
    unknownZonePersonIds: [...unknownZone].sort(),
  };
}
