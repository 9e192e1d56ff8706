import { randomBytes } from 'node:crypto';
import type { CalendarEntry } from './graph-calendar.ts';
import type { GraphChatMessage } from './graph-chats.ts';
import type { GraphUserRecord } from './graph-directory.ts';
import { graphError, type GraphAnswer } from './graph-answer.ts';
import type { GraphMail } from './graph-mail.ts';
import type { GraphTenant } from './graph-tenant.ts';

/** A Graph API request as the routes see it. */
export interface GraphCall {
  /** Path after `/v1.0/`, split on `/`. */
  segments: string[];
  query: URLSearchParams;
  /** The `Prefer` header, if any. */
  prefer: string;
  /** GET or POST. */
  method: string;
  /** The request body (empty for a GET). */
  body: string;
  /** The Content-Type's media type, lower-cased ('' when none). */
  contentType: string;
}

/** The Graph routes of the simulator over one tenant. */
export interface GraphRoutes {
  answer(call: GraphCall, nowMs: number): GraphAnswer;
  /** Forgets every delta token, so the next use of one answers 410. */
  expireDeltaTokens(): void;
  /** Every message chats/getAllMessages served, in order, with the payment model it was billed under. */
  meteredMessages(): MeteredMessage[];
}

/** A message served by a metered API, under `model=A`, `model=B`, or none (Graph's evaluation mode). */
export interface MeteredMessage {
  model: 'A' | 'B' | 'evaluation';
  chatId: string;
  id: string;
}

interface DeltaState {
  userId: string;
  start: number;
  end: number;
  /** The snapshot the previous round ended at; null for an initial round. */
  since: number | null;
  snapshot: number;
  offset: number;
  pageSize: number;
}

interface MessagesState {
  userId: string;
  model: MeteredMessage['model'];
  /** `from/user/id eq`: only this sender's messages, or null for everyone's. */
  fromUserId: string | null;
  after: number;
  before: number;
  snapshot: number;
  offset: number;
  top: number;
}

const DAY_MS = 86_400_000;

const newToken = () => randomBytes(24).toString('base64url');

function pageSizeOf(prefer: string, fallback: number): number {
  const match = /odata\.maxpagesize=(\d+)/i.exec(prefer);
  return match ? Math.max(1, Math.min(1000, Number(match[1]))) : fallback;
}

function parseTime(value: string | null): number | null {
  if (value === null) return null;
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The instance's state at `t`: not yet in the calendar, live, or cancelled. */
function stateAt(entry: CalendarEntry, t: number): 'absent' | 'live' | 'cancelled' {
  if (entry.meeting.createdAt.getTime() > t) return 'absent';
  const cancelled = entry.meeting.cancelledAt?.getTime();
  return cancelled !== undefined && cancelled <= t ? 'cancelled' : 'live';
}

function cancelledWire(entry: CalendarEntry): unknown {
  if (entry.isOrganizer) return { '@odata.type': '#microsoft.graph.event', id: entry.id, '@removed': { reason: 'deleted' } };
  return { ...entry.wire, isCancelled: true, lastModifiedDateTime: entry.meeting.cancelledAt?.toISOString() };
}

/**
 * The Graph v1.0 routes the connector uses: users (with `$select`, `$top`, `$skiptoken` paging),
 * manager, mailboxSettings, calendarView/delta (initial round, `Prefer: odata.maxpagesize` pages,
 * a deltaLink on the last page, later rounds with new events, cancellations and `@removed`
 * deletions, 410 SyncStateNotFound for tokens it no longer knows or older than
 * `deltaTokenLifetimeDays` of server time), the user's chats with `$expand=members`, and
 * chats/getAllMessages (metered: `model=A`, `model=B` or evaluation mode) with `lastModifiedDateTime gt/lt` and
 * `from/user/id eq` filters, one chat message (`/chats/{id}/messages/{id}`), and `mail`'s sendMail and
 * Sent Items. A user is found by id, user principal name or mail address. Links carry `baseUrl`.
 * Every route but sendMail is GET only.
 */
export function createGraphRoutes(tenant: GraphTenant, baseUrl: () => string, mail: GraphMail, deltaTokenLifetimeDays = 30): GraphRoutes {
  const { directory, calendars, chats } = tenant;
  const byAddress = new Map<string, GraphUserRecord>();
  for (const user of directory.users) {
    for (const address of [user.wire.userPrincipalName, user.wire.mail]) if (typeof address === 'string') byAddress.set(address.toLowerCase(), user);
  }
  let deltaStates = new Map<string, DeltaState>();
  const messageStates = new Map<string, MessagesState>();
  const metered: MeteredMessage[] = [];
  const messageKey = (chatId: string, id: string) => `${chatId}\n${id}`;
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const messagesByKey = new Map(chats.messages.map((m) => [messageKey(m.chatId, m.id), m]));
  const messagesOfChat = new Map<string, GraphChatMessage[]>();
  for (const message of chats.messages) {
    const list = messagesOfChat.get(message.chatId);
    if (list) list.push(message);
    else messagesOfChat.set(message.chatId, [message]);
  }

  /** GET /chats/{id}/messages/{id}: one message, as the chat shows it now (not metered). */
  const chatMessage = (chatId: string, messageId: string, now: number): GraphAnswer => {
    const message = messagesByKey.get(messageKey(chatId, messageId));
    if (!message || message.createdMs > now) return graphError(404, 'NotFound', 'Message not found.', 'teams', 'chatMessage');
    return { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#chats('${chatId}')/messages/$entity`, ...(messageWire(message, now) as object) }, bucket: 'teams', counter: 'chatMessage' };
  };
  const link = (path: string) => `${baseUrl()}/v1.0/${path}`;

  const users = (call: GraphCall): GraphAnswer => {
    const top = Math.max(1, Math.min(999, Number(call.query.get('$top') ?? 100) || 100));
    const offset = Number(Buffer.from(call.query.get('$skiptoken') ?? '', 'base64url').toString() || 0);
    const select = (call.query.get('$select') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const page = directory.users.slice(offset, offset + top).map((u) => (select.length === 0 ? u.wire : Object.fromEntries(Object.entries(u.wire).filter(([k]) => k === 'id' || select.includes(k)))));
    const next = offset + top < directory.users.length ? { '@odata.nextLink': link(`users?${call.query.has('$select') ? `$select=${select.join(',')}&` : ''}$top=${top}&$skiptoken=${Buffer.from(String(offset + top)).toString('base64url')}`) } : {};
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', value: page, ...next }, bucket: 'directory', counter: 'users' };
  };

  const delta = (user: GraphUserRecord, call: GraphCall, now: number): GraphAnswer => {
    const counted = { bucket: `mailbox:${user.id}`, counter: 'calendarView' };
    if (!user.mailbox) return { ...graphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'), ...counted };
    const skip = call.query.get('$skiptoken');
    const deltaToken = call.query.get('$deltatoken');
    let state: DeltaState;
    if (skip !== null || deltaToken !== null) {
      const known = deltaStates.get((skip ?? deltaToken) as string);
      if (!known || known.userId !== user.id || (deltaToken !== null && now - known.snapshot > deltaTokenLifetimeDays * DAY_MS)) {
        return { ...graphError(410, 'SyncStateNotFound', 'The sync state generation is not found.'), ...counted };
      }
      state = deltaToken !== null ? { ...known, since: known.snapshot, snapshot: now, offset: 0, pageSize: pageSizeOf(call.prefer, known.pageSize) } : known;
    } else {
      const start = parseTime(call.query.get('startDateTime'));
      const end = parseTime(call.query.get('endDateTime'));
      if (start === null || end === null || end <= start) return { ...graphError(400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required.'), ...counted };
      state = { userId: user.id, start, end, since: null, snapshot: now, offset: 0, pageSize: pageSizeOf(call.prefer, 10) };
    }
    const items: unknown[] = [];
    for (const entry of calendars.byUser.get(user.id) ?? []) {
      if (entry.meeting.start.getTime() >= state.end || entry.meeting.end.getTime() <= state.start) continue;
      const after = stateAt(entry, state.snapshot);
      const before = state.since === null ? 'absent' : stateAt(entry, state.since);
      if (before === after || after === 'absent') continue;
      if (after === 'live') items.push(entry.wire);
      else if (before === 'live' || (state.since === null && !entry.isOrganizer)) items.push(cancelledWire(entry));
    }
    const page = items.slice(state.offset, state.offset + state.pageSize);
    const token = newToken();
    const path = `users/${user.id}/calendarView/delta`;
    let more: Record<string, string>;
    if (state.offset + state.pageSize < items.length) {
      deltaStates.set(token, { ...state, offset: state.offset + state.pageSize });
      more = { '@odata.nextLink': link(`${path}?$skiptoken=${token}`) };
    } else {
      deltaStates.set(token, { ...state, offset: 0 });
      more = { '@odata.deltaLink': link(`${path}?$deltatoken=${token}`) };
    }
    return {
      status: 200,
      body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(event)', value: page, ...more },
      headers: { 'preference-applied': `odata.maxpagesize=${state.pageSize}` },
      ...counted,
    };
  };

  const lastModified = (m: GraphChatMessage, t: number): number =>
    m.deletedMs !== null && m.deletedMs <= t ? m.deletedMs : m.editedMs !== null && m.editedMs <= t ? m.editedMs : m.createdMs;

  const messageWire = (m: GraphChatMessage, t: number): unknown => {
    const author = m.authorPersonId === null ? null : directory.byPerson.get(m.authorPersonId);
    const deleted = m.deletedMs !== null && m.deletedMs <= t;
    const edited = m.editedMs !== null && m.editedMs <= t;
    return {
      id: m.id,
      replyToId: m.replyToId,
      etag: String(lastModified(m, t)),
      messageType: author ? 'message' : 'systemEventMessage',
      createdDateTime: m.malformed ? `${new Date(m.createdMs).toUTCString()} ${m.content}` : new Date(m.createdMs).toISOString(),
      lastModifiedDateTime: new Date(lastModified(m, t)).toISOString(),
      lastEditedDateTime: edited ? new Date(m.editedMs as number).toISOString() : null,
      deletedDateTime: deleted ? new Date(m.deletedMs as number).toISOString() : null,
      subject: null,
      summary: null,
      chatId: m.chatId,
      importance: 'normal',
      locale: 'en-us',
      webUrl: null,
      channelIdentity: null,
      policyViolation: null,
      eventDetail: author ? null : { '@odata.type': '#microsoft.graph.membersAddedEventMessageDetail', visibleHistoryStartDateTime: '0001-01-01T00:00:00Z', members: [] },
      from: author
        ? { application: null, device: null, user: { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id: author.id, displayName: author.wire.displayName, userIdentityType: 'aadUser', tenantId: directory.tenantId } }
        : null,
      body: { contentType: 'html', content: deleted ? '' : `<p>${m.content}</p>` },
      attachments: [],
      mentions: [],
      reactions: [],
    };
  };

  const allMessages = (user: GraphUserRecord, call: GraphCall, now: number): GraphAnswer => {
    const counted = { bucket: 'teams', counter: 'chatMessages' };
    const skip = call.query.get('$skiptoken');
    let state: MessagesState;
    if (skip !== null) {
      const known = messageStates.get(skip);
      if (!known || known.userId !== user.id) return { ...graphError(400, 'BadRequest', 'Invalid skip token.'), ...counted };
      state = known;
    } else {
      const model = call.query.get('model');
      if (model !== null && model !== 'A' && model !== 'B') return { ...graphError(400, 'BadRequest', `Invalid payment model '${model}': use model=A or model=B.`), ...counted };
      const filter = call.query.get('$filter') ?? '';
      let after = -Infinity;
      let before = Infinity;
      let fromUserId: string | null = null;
      for (const clause of filter.split(/\s+and\s+/i).filter(Boolean)) {
        const sender = /^from\/user\/id\s+eq\s+'([^']+)'$/.exec(clause.trim());
        if (sender) {
          fromUserId = sender[1] as string;
          continue;
        }
        const match = /^lastModifiedDateTime\s+(gt|lt)\s+(\S+)$/.exec(clause.trim());
        const at = parseTime(match?.[2] ?? null);
        if (!match || at === null) return { ...graphError(400, 'BadRequest', "Only lastModifiedDateTime gt/lt and from/user/id eq filters are supported."), ...counted };
        if (match[1] === 'gt') after = at;
        else before = at;
      }
      state = { userId: user.id, model: model ?? 'evaluation', fromUserId, after, before, snapshot: now, offset: 0, top: Math.max(1, Math.min(50, Number(call.query.get('$top') ?? 20) || 20)) };
    }
    const mine = user.personId ? (chats.chatsOf.get(user.personId) ?? []) : [];
    const items = [...new Set(mine)]
      .flatMap((chatId) => messagesOfChat.get(chatId) ?? [])
      .filter((m) => m.createdMs <= state.snapshot)
      .filter((m) => state.fromUserId === null || (m.authorPersonId !== null && directory.byPerson.get(m.authorPersonId)?.id === state.fromUserId))
      .map((m) => ({ m, at: lastModified(m, state.snapshot) }))
      .filter(({ at }) => at > state.after && at < state.before)
      .sort((a, b) => a.at - b.at || byText(a.m.id, b.m.id) || byText(a.m.chatId, b.m.chatId));
    const served = items.slice(state.offset, state.offset + state.top);
    for (const { m } of served) metered.push({ model: state.model, chatId: m.chatId, id: m.id });
    const page = served.map(({ m }) => messageWire(m, state.snapshot));
    const next: Record<string, string> = {};
    if (state.offset + state.top < items.length) {
      const token = newToken();
      messageStates.set(token, { ...state, offset: state.offset + state.top });
      next['@odata.nextLink'] = link(`users/${user.id}/chats/getAllMessages?$skiptoken=${token}`);
    }
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(chatMessage)', '@odata.count': page.length, value: page, ...next }, ...counted };
  };

  const userChats = (user: GraphUserRecord, call: GraphCall, now: number): GraphAnswer => {
    const top = Math.max(1, Math.min(50, Number(call.query.get('$top') ?? 20) || 20));
    const offset = Number(Buffer.from(call.query.get('$skiptoken') ?? '', 'base64url').toString() || 0);
    const expand = (call.query.get('$expand') ?? '').includes('members');
    const list = (user.personId ? (chats.chatsOf.get(user.personId) ?? []) : []).map((id) => chats.chats.get(id)).filter((c) => c !== undefined && c.createdMs <= now);
    const page = list.slice(offset, offset + top).map((chat) => ({
      id: chat?.id,
      topic: chat?.topic,
      createdDateTime: new Date(chat?.createdMs ?? 0).toISOString(),
      lastUpdatedDateTime: new Date(chat?.createdMs ?? 0).toISOString(),
      chatType: chat?.chatType,
      webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chat?.id ?? '')}/0`,
      tenantId: directory.tenantId,
      ...(expand
        ? {
            members: (chat?.memberPersonIds ?? []).map((personId) => {
              const member = directory.byPerson.get(personId);
              return {
                '@odata.type': '#microsoft.graph.aadUserConversationMember',
                id: Buffer.from(`${chat?.id}#${member?.id}`).toString('base64'),
                roles: ['owner'],
                displayName: member?.wire.displayName ?? null,
                visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
                userId: member?.id ?? null,
                email: member?.wire.mail ?? null,
                tenantId: directory.tenantId,
              };
            }),
          }
        : {}),
    }));
    const next = offset + top < list.length ? { '@odata.nextLink': link(`users/${user.id}/chats?$expand=members&$top=${top}&$skiptoken=${Buffer.from(String(offset + top)).toString('base64url')}`) } : {};
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#chats', value: page, ...next }, bucket: 'teams', counter: 'chats' };
  };

  return {
    answer(call, now) {
      const [collection, id, ...rest] = call.segments;
      if (collection === 'chats' && id !== undefined && rest.length === 2 && rest[0] === 'messages' && call.method === 'GET') return chatMessage(id, rest[1] as string, now);
      if (collection !== 'users') return graphError(400, 'BadRequest', 'Resource not found for the segment.');
      if (id === undefined) return users(call);
      const user = directory.byId.get(id) ?? byAddress.get(id.toLowerCase());
      if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, 'directory', 'user');
      const route = rest.join('/');
      if (route === 'sendMail') return mail.sendMail(user, call, now);
      const folder = /^mailFolders\/([^/]+)\/messages$/.exec(route);
      if (call.method !== 'GET') return graphError(405, 'ErrorInvalidRequest', 'The OData request is not supported.');
      if (folder) return mail.folderMessages(user, folder[1] as string, call);
      if (route === '') return { status: 200, body: user.wire, bucket: 'directory', counter: 'user' };
      if (route === 'manager') {
        const manager = user.managerId === null ? undefined : directory.byId.get(user.managerId);
        if (!manager) return graphError(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist or one of its queried reference-property objects are not present.", 'directory', 'manager');
        return { status: 200, body: { '@odata.type': '#microsoft.graph.user', ...manager.wire }, bucket: 'directory', counter: 'manager' };
      }
      if (route === 'mailboxSettings') {
        if (!user.mailbox) return graphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', `mailbox:${user.id}`, 'mailboxSettings');
        return { status: 200, body: user.mailbox, bucket: `mailbox:${user.id}`, counter: 'mailboxSettings' };
      }
      if (route === 'calendarView/delta') return delta(user, call, now);
      if (route === 'chats') return userChats(user, call, now);
      if (route === 'chats/getAllMessages') return allMessages(user, call, now);
      return graphError(400, 'BadRequest', 'Resource not found for the segment.');
    },
    expireDeltaTokens() {
      deltaStates = new Map();
    },
    meteredMessages: () => [...metered],
  };
}
