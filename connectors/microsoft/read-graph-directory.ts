import { z } from 'zod';
import type { DirectorySnapshot } from '../../models/directory-snapshot.ts';
import { defaultWorkingHours, type Person } from '../../models/person.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { SegmentMembership } from '../../models/segment-membership.ts';
import { RateLimitedError, TransientError } from '../../models/errors.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import type { GraphApi } from './graph-api.ts';
import { graphTeams } from './graph-teams.ts';
import { graphWorkingHours } from './graph-working-hours.ts';
import { GraphCollection } from './wire/graph-collection.ts';
import { GraphMailboxSettings } from './wire/graph-mailbox-settings.ts';
import { GraphUser } from './wire/graph-user.ts';
import { ianaTimeZoneOf } from './windows-time-zone.ts';
import { sourceUserIdentity } from '../source-user-identity.ts';

/** A kept account, as the connector remembers it in memory (never stored). */
export interface GraphAccount {
  /** The Graph user id. */
  id: string;
  /** Normalised mail, or null. */
  email: string | null;
  /** False when the account has no Exchange mailbox (its calendar is elsewhere). */
  hasMailbox: boolean;
}

/** The tenant's directory, pseudonymized, with the in-memory maps the streams need. */
export interface GraphDirectoryRead {
  snapshot: DirectorySnapshot;
  /** Pseudonym → account, for the people kept. */
  accounts: Map<Pseudonym, GraphAccount>;
  /** Graph user id → pseudonym, for the people kept. */
  pseudonyms: Map<string, Pseudonym>;
  /** People whose manager could not be read (after retries): their teams are not known this run. */
  managersUnread: number;
}

const Manager = z.object({ id: z.string().min(1) });
/** A detail that could not be read this run (a transient failure outlasted the retries). */
const unread: unique symbol = Symbol('unread');
const SELECT = 'id,mail,userPrincipalName,department,officeLocation,accountEnabled';

/**
 * Reads `/users` (all pages), then each enabled user's manager and mailboxSettings, each failing
 * alone: a mailbox whose settings fail transiently (after retries) keeps its calendar stream, its
 * person the unknown stand-ins, counted as incomplete; a manager read that fails is counted in
 * `managersUnread`. People with
 * mail get the cross-source `person` pseudonym; those without, a `source-user` one (unresolved).
 * Disabled accounts (former staff, rooms) and users that don't parse are excluded and counted.
 * The time zone is mapped from Windows to IANA (unknown or missing → UTC, timeZoneKnown false);
 * working hours from the mailbox are the person's own (workingHoursKnown true).
 */
export async function readGraphDirectory(api: GraphApi, pseudonymize: Pseudonymize, pageSize: number, at: number): Promise<GraphDirectoryRead> {
  const users: GraphUser[] = [];
  let excluded = 0;
  for await (const page of api.pages(`/users?$select=${SELECT}&$top=${pageSize}`, GraphCollection, { what: 'users', bucket: 'directory' })) {
    for (const raw of page.value) {
      const parsed = GraphUser.safeParse(raw);
      if (!parsed.success || parsed.data.accountEnabled !== true) excluded++;
      else if (!users.some((u) => u.id === parsed.data.id)) users.push(parsed.data);
    }
  }

  const pseudonyms = new Map<string, Pseudonym>();
  const accounts = new Map<Pseudonym, GraphAccount>();
  let unresolved = 0;
  for (const user of users) {
    const { pseudonym, email } = sourceUserIdentity(pseudonymize, 'microsoft', user.id, user.mail);
    if (email === null) unresolved++;
    pseudonyms.set(user.id, pseudonym);
    accounts.set(pseudonym, { id: user.id, email, hasMailbox: false });
  }

  const details = await Promise.all(
    users.map(async (user) => {
      const pseudonym = pseudonyms.get(user.id) as Pseudonym;
      const [manager, mailbox] = await Promise.all([
        api.get(`/users/${user.id}/manager?$select=id`, Manager, { what: 'manager', bucket: 'directory' }).catch(absentWhen(RecordGoneError)).catch(unreadWhenTransient),
        api
          .get(`/users/${user.id}/mailboxSettings`, GraphMailboxSettings, { what: 'mailboxSettings', bucket: `mailbox:${pseudonym}` })
          .catch(absentWhen(StreamRefusedError, RecordGoneError))
          .catch(unreadWhenTransient),
      ]);
      return { user, pseudonym, manager, mailbox } as const;
    }),
  );

  const people: Person[] = [];
  const segments: SegmentMembership[] = [];
  let incomplete = 0;
  for (const { user, pseudonym, mailbox: read } of details) {
    const account = accounts.get(pseudonym) as GraphAccount;
    // A mailbox whose settings could not be read is still a mailbox: its calendar is read as usual.
    account.hasMailbox = read !== null;
    if (read === unread) incomplete++;
    const mailbox = read === unread ? null : read;
    const timeZone = ianaTimeZoneOf(mailbox?.timeZone);
    const hours = mailbox?.workingHours ? graphWorkingHours(mailbox.workingHours, timeZone, at) : null;
    people.push({
      pseudonym,
      timeZone: timeZone ?? 'UTC',
      ...(hours ?? { ...defaultWorkingHours, workDays: [...defaultWorkingHours.workDays] }),
      identityResolved: account.email !== null,
      timeZoneKnown: timeZone !== null,
      workingHoursKnown: hours !== null,
    });
    if (user.department) segments.push({ dimension: 'department', value: user.department, person: pseudonym, source: 'microsoft' });
    if (user.officeLocation) segments.push({ dimension: 'location', value: user.officeLocation, person: pseudonym, source: 'microsoft' });
  }
  const { teams, memberships } = graphTeams(
    details.map(({ user, pseudonym, manager }) => ({ pseudonym, userId: user.id, department: user.department ?? null, manager: manager === unread ? null : (manager?.id ?? null) })),
    pseudonymize,
  );
  const identities = [...accounts].map(([pseudonym, account]) => ({ pseudonym, email: account.email, sourceIds: [{ source: 'microsoft' as const, id: account.id }] }));
  const managersUnread = details.filter((d) => d.manager === unread).length;
  return { snapshot: { people, teams, memberships, segments, identities, unresolved, excluded, incomplete }, accounts, pseudonyms, managersUnread };
}

/** A catch handler turning a transient failure (or a throttle that outlasted the retries) into `unread`, rethrowing the rest. */
function unreadWhenTransient(error: unknown): typeof unread {
  if (error instanceof TransientError || error instanceof RateLimitedError) return unread;
  throw error;
}

/** A catch handler turning the given (expected) errors into null and rethrowing the rest. */
function absentWhen(...kinds: (abstract new (...args: never[]) => Error)[]) {
  return (error: unknown): null => {
    if (kinds.some((kind) => error instanceof kind)) return null;
    throw error;
  };
}
