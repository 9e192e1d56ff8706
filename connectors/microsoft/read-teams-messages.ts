import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import type { RunWindow } from '../../models/run-window.ts';
import type { GraphApi } from './graph-api.ts';
import type { ChatPosition } from './chat-position.ts';
import { quarantineProblem } from './quarantine-problem.ts';
import { GraphChat } from './wire/graph-chat.ts';
import { GraphChatMessage } from './wire/graph-chat-message.ts';
import { GraphCollection } from './wire/graph-collection.ts';

/** The sender's Graph user id of a raw message, when it has a readable one. */
function authorOf(raw: unknown): string | null {
  const parsed = GraphChatMessage.shape.from.safeParse(typeof raw === 'object' && raw !== null && 'from' in raw ? raw.from : undefined);
  return parsed.success ? (parsed.data?.user?.id ?? null) : null;
}

/** What one read of a person's Teams chats found. */
export interface TeamsRead {
  /** The person's chats, by id. */
  chats: Map<string, GraphChat>;
  /** Messages of those chats modified in the read's range, oldest first (every member's, not only the person's). */
  messages: GraphChatMessage[];
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
 * Reads a person's chats (`/users/{id}/chats?$expand=members`) and the messages of all of them
 * with `chats/getAllMessages`, filtered to `lastModifiedDateTime gt <since> and lt <window end>`
 * (since = the saved position, or just before the window's start). The new position is the newest
 * lastModifiedDateTime seen. Messages that don't parse are quarantined.
 */
export async function readTeamsMessages(api: GraphApi, target: TeamsReadTarget, saved: ChatPosition | null, window: RunWindow): Promise<TeamsRead> {
  const read: TeamsRead = { chats: new Map(), messages: [], quarantined: [], position: saved ?? { since: new Date(Date.parse(window.start) - 1).toISOString() }, requests: 0 };
  const count = () => void read.requests++;
  const pageSize = Math.min(50, target.pageSize);
  for await (const page of api.pages(`/users/${target.userId}/chats?$expand=members&$top=${pageSize}`, GraphCollection, { what: 'chats', bucket: 'teams' }, count)) {
    for (const raw of page.value) {
      const chat = GraphChat.safeParse(raw);
      if (chat.success) read.chats.set(chat.data.id, chat.data);
    }
  }
  const since = read.position.since;
  const filter = `lastModifiedDateTime gt ${since} and lastModifiedDateTime lt ${window.end}`;
  let newest = Date.parse(since);
  for await (const page of api.pages(`/users/${target.userId}/chats/getAllMessages?$top=${pageSize}&$filter=${filter}`, GraphCollection, { what: 'chats/getAllMessages', bucket: 'teams' }, count)) {
    for (const raw of page.value) {
      const parsed = GraphChatMessage.safeParse(raw);
      if (!parsed.success) {
        // Every member's stream sees a chat's messages: a bad one belongs to its author's stream (or to all, when unreadable).
        if (authorOf(raw) !== null && authorOf(raw) !== target.userId) continue;
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
  return read;
}
