import { z } from 'zod';
import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import type { RunWindow } from '../../models/run-window.ts';
import type { GraphApi } from './graph-api.ts';
import type { ChatPosition } from './chat-position.ts';
import { quarantineProblem } from './quarantine-problem.ts';
import { GraphChat } from './wire/graph-chat.ts';
import { GraphChatMessage } from './wire/graph-chat-message.ts';
import { GraphCollection } from './wire/graph-collection.ts';

/**
 * The payment model of the metered `chats/getAllMessages`: B, for apps that serve no security or
 * compliance purpose (A is for those, with E5 licences); without one, Graph's evaluation mode caps
 * what an app may read a month.
 */
const paymentModel = 'B';
/** A message read only for its sender. */
const MessageSender = z.object({ from: GraphChatMessage.shape.from });

/** What one read of a person's Teams chats found. */
export interface TeamsRead {
  /** The person's chats, by id. */
  chats: Map<string, GraphChat>;
  /** The person's own messages modified in the read's range, oldest first. */
  messages: GraphChatMessage[];
  /** The sender (Graph user id, or null when unknown or gone) of each group-chat message (`chatId:id`) one of them replies to, when another's. */
  parentSenders: Map<string, string | null>;
  quarantined: QuarantineRecord[];
  position: ChatPosition;
  requests: number;
}

/** Who and how: the user, the stream, the page size (Graph allows at most 50). */
export interface TeamsReadTarget {
  userId: string;
  stream: string;
  pageSize: number;
}

/**
 * Reads a person's chats (`/users/{id}/chats?$expand=members`) and their own messages in all of them
 * with `chats/getAllMessages?model=B`, filtered to `lastModifiedDateTime gt <since> and lt <window end>`
 * (since = the saved position, or just before the window's start) and `from/user/id eq <the person>`:
 * each message is read (and billed) once, by its sender's stream, not once per chat member. The
 * sender of a group-chat message one of them replies to is read alone (`/chats/{id}/messages/{id}`,
 * not metered). The new position is the newest lastModifiedDateTime seen. Messages that don't parse are quarantined.
 */
export async function readTeamsMessages(api: GraphApi, target: TeamsReadTarget, saved: ChatPosition | null, window: RunWindow): Promise<TeamsRead> {
  const read: TeamsRead = { chats: new Map(), messages: [], parentSenders: new Map(), quarantined: [], position: saved ?? { since: new Date(Date.parse(window.start) - 1).toISOString() }, requests: 0 };
  const count = () => void read.requests++;
  const pageSize = Math.min(50, target.pageSize);
  for await (const page of api.pages(`/users/${target.userId}/chats?$expand=members&$top=${pageSize}`, GraphCollection, { what: 'chats', bucket: 'teams' }, count)) {
    for (const raw of page.value) {
      const chat = GraphChat.safeParse(raw);
      if (chat.success) read.chats.set(chat.data.id, chat.data);
    }
  }
  const since = read.position.since;
  const filter = `lastModifiedDateTime gt ${since} and lastModifiedDateTime lt ${window.end} and from/user/id eq '${target.userId}'`;
  let newest = Date.parse(since);
  for await (const page of api.pages(`/users/${target.userId}/chats/getAllMessages?model=${paymentModel}&$top=${pageSize}&$filter=${filter}`, GraphCollection, { what: 'chats/getAllMessages', bucket: 'teams' }, count)) {
    for (const raw of page.value) {
      const parsed = GraphChatMessage.safeParse(raw);
      if (!parsed.success) {
        const id = GraphChatMessage.shape.id.safeParse(typeof raw === 'object' && raw !== null && 'id' in raw ? raw.id : undefined);
        read.quarantined.push({ source: 'microsoft', stream: target.stream, recordRef: id.success ? id.data : null, problem: quarantineProblem(parsed.error) });
        continue;
      }
      read.messages.push(parsed.data);
      newest = Math.max(newest, Date.parse(parsed.data.lastModifiedDateTime));
    }
  }
  read.position = { since: newest === Date.parse(since) ? since : new Date(newest).toISOString() };
  read.messages.sort((a, b) => Date.parse(a.createdDateTime) - Date.parse(b.createdDateTime));

  const own = new Set(read.messages.map((m) => `${m.chatId}:${m.id}`));
  const parents = read.messages.flatMap((m) => (m.replyToId && read.chats.get(m.chatId)?.chatType === 'group' && !own.has(`${m.chatId}:${m.replyToId}`) ? [{ chatId: m.chatId, id: m.replyToId }] : []));
  for (const { chatId, id } of parents) {
    const key = `${chatId}:${id}`;
    if (read.parentSenders.has(key)) continue;
    try {
      const parent = await api.get(`/chats/${encodeURIComponent(chatId)}/messages/${encodeURIComponent(id)}`, MessageSender, { what: 'chat message', bucket: 'teams' });
      read.parentSenders.set(key, parent.from?.user?.id ?? null);
    } catch (error) {
      if (!(error instanceof RecordGoneError)) throw error;
      read.parentSenders.set(key, null);
    } finally {
      read.requests++;
    }
  }
  return read;
}
