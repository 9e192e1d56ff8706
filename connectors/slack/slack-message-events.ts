import { ActivityEvent } from '../../models/activity-event.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import { slackTs } from './slack-ts.ts';
import type { SlackMessage } from './wire/slack-message.ts';

/** What mapping the messages of one channel needs to know. */
export interface SlackEventContext {
  channel: string;
  /** Channel member count, when known. */
  size: number | null;
  /** Slack user id → pseudonym of the people in the directory. */
  pseudonyms: ReadonlyMap<string, Pseudonym>;
  pseudonymize: Pseudonymize;
  /** Authors (Slack user ids) of thread parents by ts, beyond the messages mapped: a reply's parent may lie in another hand-over of the same read. */
  parentAuthors?: ReadonlyMap<string, string>;
}

/** The conversation of a channel's message: the channel, or for a thread's messages the thread (its parent's ts). */
export function slackConversation(pseudonymize: Pseudonymize, channel: string, threadTs?: string): Pseudonym {
  return pseudonymize('conversation', threadTs === undefined ? `slack:${channel}` : `slack:${channel}:${threadTs}`);
}

/** Subtypes that are a person writing: none, a `/me` message, or a thread reply also sent to the channel. */
const humanSubtypes = new Set([undefined, 'me_message', 'thread_broadcast']);

/**
 * Maps a channel's messages (each once) to activity events: a `message` or `thread_reply` per human
 * message (`/me` messages and thread broadcasts included) and a `reaction` per (reaction, reacting
 * person). Bots, system subtypes and users not in the directory yield nothing; nobody is their own counterpart.
 * The conversation is the channel, or for a thread's messages (parent, replies, broadcasts) the
 * thread, so a reply is timed against its own thread.
 */
export function slackMessageEvents(messages: readonly SlackMessage[], context: SlackEventContext): ActivityEvent[] {
  const { channel, size, pseudonyms, pseudonymize } = context;
  const channelConversation = slackConversation(pseudonymize, channel);
  const authorOf = new Map(messages.flatMap((m) => (m.user === undefined ? [] : [[m.ts, m.user] as const])));
  const events: ActivityEvent[] = [];

  for (const message of messages) {
    const author = message.user === undefined ? undefined : pseudonyms.get(message.user);
    if (author === undefined || message.bot_id || !humanSubtypes.has(message.subtype)) continue;
    const time = new Date(slackTs.toMs(message.ts));
    const eventId = `slack:${channel}:${message.ts}`;
    const conversation = message.thread_ts === undefined ? channelConversation : slackConversation(pseudonymize, channel, message.thread_ts);
    const event = (kind: ActivityEvent['kind'], sourceEventId: string, actor: Pseudonym, counterpart: Pseudonym | undefined) =>
      ActivityEvent.parse({
        source: 'slack',
        kind,
        sourceEventId: pseudonymize('event', sourceEventId),
        actor,
        counterparts: counterpart === undefined || counterpart === actor ? [] : [counterpart],
        start: time,
        end: time,
        conversation,
        isThread: message.thread_ts !== undefined,
        size,
      });

    const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (isReply) {
      // A broadcast names its parent's author in `root`: its parent may lie in another read.
      const parentUser = message.parent_user_id ?? message.root?.user ?? authorOf.get(message.thread_ts as string) ?? context.parentAuthors?.get(message.thread_ts as string);
      events.push(event('thread_reply', eventId, author, parentUser === undefined ? undefined : pseudonyms.get(parentUser)));
    } else {
      events.push(event('message', eventId, author, undefined));
    }
    for (const reaction of message.reactions ?? []) {
      for (const userId of new Set(reaction.users)) {
        const reactor = pseudonyms.get(userId);
        if (reactor === undefined || reactor === author) continue;
        events.push(event('reaction', `${eventId}:reaction:${reaction.name}:${userId}`, reactor, author));
      }
    }
  }
  return events;
}
