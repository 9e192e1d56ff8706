import { normaliseEmail } from '../../models/normalise-email.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { GoogleApi } from './google-api.ts';
import { GoogleUser } from './wire/google-user.ts';

/** A Directory user kept by the connector, with its cross-source pseudonym. */
export interface KeptGoogleUser {
  user: GoogleUser;
  /** Normalised primary email. */
  email: string;
  pseudonym: Pseudonym;
}

/** The Directory's active users, and how many accounts were left out. */
export interface GoogleUsers {
  users: KeptGoogleUser[];
  /** Stream id (`calendar:<pseudonym>`) → the user whose calendar it is. */
  calendars: Map<string, KeptGoogleUser>;
  /** Suspended or archived accounts, and users that don't parse. */
  excluded: number;
}

/**
 * Reads every page of Directory users.list and keeps the active users, each parsed alone through
 * the allow-list and pseudonymized by primary email (Google always has one). Suspended, archived
 * and unparseable accounts are counted as excluded.
 */
export async function readGoogleUsers(api: GoogleApi, pseudonymize: Pseudonymize, pageSize: number): Promise<GoogleUsers> {
  const out: GoogleUsers = { users: [], calendars: new Map(), excluded: 0 };
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await api.usersPage(pageToken, pageSize);
    for (const raw of page.users ?? []) {
      const parsed = GoogleUser.safeParse(raw);
      if (!parsed.success || parsed.data.suspended || parsed.data.archived || !normaliseEmail(parsed.data.primaryEmail).includes('@')) {
        out.excluded++;
        continue;
      }
      if (seen.has(parsed.data.id)) continue;
      seen.add(parsed.data.id);
      const email = normaliseEmail(parsed.data.primaryEmail);
      const kept = { user: parsed.data, email, pseudonym: pseudonymize('person', email) };
      out.users.push(kept);
      out.calendars.set(`calendar:${kept.pseudonym}`, kept);
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return out;
}
