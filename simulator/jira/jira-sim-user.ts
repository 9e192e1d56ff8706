/** An account of the simulated Jira site, as the server keeps it (the wire form is rendered per request). */
export interface JiraSimUser {
  /** Atlassian account id, e.g. `5b10ac8d82e05b22cc7d4ef5` or `712020:…`. */
  accountId: string;
  /** `atlassian` for people, `app` for integrations such as Automation for Jira. */
  accountType: 'atlassian' | 'app';
  displayName: string;
  /** Null when the person's profile visibility hides it, as Jira does for many accounts. */
  emailAddress: string | null;
  /** IANA zone, or null when Jira does not show one. */
  timeZone: string | null;
  active: boolean;
  /** The simulated person behind the account, or null for apps, former staff and the API user. */
  personId: string | null;
}
