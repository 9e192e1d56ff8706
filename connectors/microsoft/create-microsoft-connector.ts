import { z } from 'zod';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import { TransientError } from '../../models/errors.ts';
import { directoryMaxAgeMs, memoizeAsync } from '../http/memoize-async.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import type { SourceConnector } from '../source-connector.ts';
import { graphCalendarEvents, graphEventId } from './graph-calendar-events.ts';
import { GraphPermissionDeniedError } from './graph-permission-denied-error.ts';
import { createGraphApi, type GraphApiOptions } from './graph-api.ts';
import { CalendarPosition } from './calendar-position.ts';
import { ChatPosition } from './chat-position.ts';
import { parseMicrosoftPosition } from './parse-microsoft-position.ts';
import { readCalendarDelta } from './read-calendar-delta.ts';
import { readGraphDirectory } from './read-graph-directory.ts';
import { readTeamsMessages } from './read-teams-messages.ts';
import { GraphCollection } from './wire/graph-collection.ts';
import { teamsMessageEvents } from './teams-message-events.ts';

/** Settings of the Microsoft 365 connector (CLI: MS_TENANT_ID, MS_CLIENT_ID, MS_CLIENT_SECRET, MS_GRAPH_URL, MS_LOGIN_URL). */
export interface MicrosoftConnectorOptions extends GraphApiOptions {
  pseudonymize: Pseudonymize;
  /** Items per page: `$top` of /users, `odata.maxpagesize` of calendar deltas, `$top` of chats (at most 50); default 50. */
  pageSize?: number;
  /** Clock for converting working hours between zones; default Date.now. */
  now?: () => number;
}

const GraphUserId = z.object({ id: z.string() });

/** What `read` returns, or null when Graph denied it for want of a permission. */
async function deniedOr<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphPermissionDeniedError) return null;
    throw error;
  }
}

/** A read of something absent (no mailbox, no such record) answers nothing rather than failing. */
function ignoreGone(error: unknown): undefined {
  if (error instanceof StreamRefusedError || error instanceof RecordGoneError) return undefined;
  throw error;
}

/**
 * The Microsoft 365 source: directory from Entra ID users, managers and mailbox settings; streams
 * `calendar:<pseudonym>` (calendarView/delta of each mailbox) and `chat:<pseudonym>` (the person's
 * Teams chat messages). Metadata only, pseudonymized here. The directory is read afresh by every
 * sync (readDirectory), and by `listStreams` or `fetchStream` when none younger than
 * directoryMaxAgeMs is at hand (they may run in another, long-lived worker); it keeps the
 * pseudonym → Graph id map in memory only.
 */
export function createMicrosoftConnector(options: MicrosoftConnectorOptions): SourceConnector {
  const { pseudonymize, pageSize = 50, now = Date.now } = options;
  const api = createGraphApi(options);
  const directory = memoizeAsync(() => readGraphDirectory(api, pseudonymize, pageSize, now()), { maxAgeMs: directoryMaxAgeMs });
  const skipped = (position: string | null, reason: StreamBatch['skipped'], requests: number): StreamBatch => ({ events: [], quarantined: [], deleted: [], position, skipped: reason, requests });

  return {
    source: 'microsoft',

    requestsMade: () => api.requestsMade(),

    async checkAccess() {
      // Graph grants each application permission apart: one cheap read per permission, on the first user listed.
      const users = await deniedOr(() => api.get('/users?$select=id&$top=1', GraphCollection, { what: 'users', bucket: 'directory', permission: 'User.Read.All' }));
      const id = users === null ? undefined : GraphUserId.safeParse(users.value[0]).data?.id;
      if (id === undefined) return { missing: users === null ? ['User.Read.All'] : [] };
      const user = `/users/${encodeURIComponent(id)}`;
      const hourAgo = new Date(now() - 3_600_000).toISOString();
      const probes: [string, string, string][] = [
        ['MailboxSettings.Read', `${user}/mailboxSettings`, 'mailboxSettings'],
        ['Calendars.ReadBasic', `${user}/calendarView/delta?startDateTime=${hourAgo}&endDateTime=${new Date(now()).toISOString()}`, 'calendarView/delta'],
        ['Chat.Read.All', `${user}/chats?$top=1`, 'chats'],
      ];
      const missing: string[] = [];
      for (const [permission, path, what] of probes) {
        // A user without a mailbox (404) proves nothing missing.
        const read = await deniedOr(() => api.get(path, z.unknown(), { what, bucket: 'directory', permission }).catch(ignoreGone));
        if (read === null) missing.push(permission);
      }
      return { missing };
    },

    async readDirectory() {
      const { snapshot, managersUnread } = await directory.refresh();
      if (managersUnread > 0) {
        // Teams follow managers: with some unknown, storing this directory would move people out of their teams for a run.
        throw new TransientError(`Graph could not read the manager of ${managersUnread} people after retries`, 'microsoft');
      }
      return snapshot;
    },

    async listStreams() {
      const { accounts } = await directory();
      return [...accounts].flatMap(([pseudonym, account]) => [...(account.hasMailbox ? [`calendar:${pseudonym}`] : []), `chat:${pseudonym}`]).sort();
    },

    async fetchStream(stream, position, window): Promise<StreamBatch> {
      const [kind, pseudonym = ''] = stream.split(':');
      const { accounts, pseudonyms } = await directory();
      const account = accounts.get(pseudonym);
      if (!account || (kind !== 'calendar' && kind !== 'chat')) return skipped(position, 'access_denied', 0);
      try {
        if (kind === 'chat') {
          const read = await readTeamsMessages(api, { userId: account.id, stream, pageSize }, parseMicrosoftPosition(ChatPosition, position), window);
          const { events, deleted } = teamsMessageEvents(read, { ownerId: account.id, owner: pseudonym, pseudonyms, pseudonymize });
          return { events, quarantined: read.quarantined, deleted, position: JSON.stringify(read.position), skipped: null, requests: read.requests };
        }
        const owner = { id: account.id, pseudonym, email: account.email };
        const target = { userId: account.id, stream, bucket: `mailbox:${pseudonym}`, pageSize };
        const read = await readCalendarDelta(api, target, parseMicrosoftPosition(CalendarPosition, position), window);
        return {
          events: graphCalendarEvents(read.events, owner, pseudonymize),
          quarantined: read.quarantined,
          deleted: [...new Set(read.gone)].map((id) => graphEventId(pseudonymize, owner, id)),
          // A resync lists every event of its range: stored ones it no longer has were deleted meanwhile
          // (unless an item could not be read, which may be one of them).
          readInFull:
            read.resyncedRanges.length > 0 && read.quarantined.length === 0
              ? { actor: pseudonym, kinds: ['meeting', 'all_day_event', 'out_of_office'], ranges: read.resyncedRanges }
              : null,
          position: JSON.stringify(read.position),
          skipped: null,
          requests: read.requests,
        };
      } catch (error) {
        if (!(error instanceof StreamRefusedError)) throw error;
        return skipped(position, error.reason, 1);
      }
    },
  };
}
