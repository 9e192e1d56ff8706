import { ActivityEvent } from '../../models/activity-event.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { TeamsRead } from './read-teams-messages.ts';

/** Whose messages to map, and how to name the people in them. */
export interface TeamsEventContext {
  /** The Graph user id of the stream's person. */
  ownerId: string;
  owner: Pseudonym;
  /** Graph user id → pseudonym of the people in the directory. */
  pseudonyms: ReadonlyMap<string, Pseudonym>;
  pseudonymize: Pseudonymize;
}

/**
 * Maps the person's own messages to `message` or,
 * with a `replyToId`, `thread_reply` events. Counterparts: in a one-on-one chat, the other member;
 * for a reply in a group chat, the parent's author when known and not the person. Size is the
 * chat's member count. Messages deleted since (`deletedDateTime`) come back as deleted ids;
 * system messages are left out.
 */
export function teamsMessageEvents(read: TeamsRead, context: TeamsEventContext): { events: ActivityEvent[]; deleted: string[] } {
  const { ownerId, owner, pseudonyms, pseudonymize } = context;
  const authorOf = new Map([...read.messages.map((m) => [`${m.chatId}:${m.id}`, m.from?.user?.id ?? null] as const), ...read.parentSenders]);
  const memberOf = (member: { userId?: string | null; email?: string | null }): Pseudonym | null => {
    const known = member.userId ? pseudonyms.get(member.userId) : undefined;
    if (known) return known;
    return member.email ? pseudonymize('person', normaliseEmail(member.email)) : null;
  };
  const events: ActivityEvent[] = [];
  const deleted: string[] = [];
  for (const message of read.messages) {
    if (message.from?.user?.id !== ownerId || message.messageType !== 'message') continue;
    const sourceEventId = pseudonymize('event', `microsoft:chat:${message.chatId}:${message.id}`);
    if (message.deletedDateTime) {
      deleted.push(sourceEventId);
      continue;
    }
    const chat = read.chats.get(message.chatId);
    const members = chat?.members ?? [];
    let counterparts: Pseudonym[] = [];
    if (chat?.chatType === 'oneOnOne') {
      counterparts = members.filter((m) => m.userId !== ownerId).flatMap((m) => memberOf(m) ?? []);
    } else if (message.replyToId) {
      const parentAuthor = authorOf.get(`${message.chatId}:${message.replyToId}`);
      const parent = parentAuthor ? pseudonyms.get(parentAuthor) : undefined;
      if (parent !== undefined) counterparts = [parent];
    }
    const time = new Date(message.createdDateTime);
    events.push(
      ActivityEvent.parse({
        source: 'microsoft',
        kind: message.replyToId ? 'thread_reply' : 'message',
        sourceEventId,
        actor: owner,
        counterparts: [...new Set(counterparts)].filter((c) => c !== owner),
        start: time,
        end: time,
        conversation: pseudonymize('conversation', `microsoft:chat:${message.chatId}`),
        isThread: Boolean(message.replyToId),
        size: chat ? members.length : null,
      }),
    );
  }
  return { events, deleted };
}
