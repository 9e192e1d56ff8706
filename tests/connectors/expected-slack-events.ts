import type { ActivityEvent } from '../../models/activity-event.ts';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { Organisation } from '../../simulator/organisation/organisation.ts';
import type { SlackReaction } from '../../simulator/slack/slack-message.ts';
import type { SlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import type { StoredMessage } from '../../simulator/slack/stored-message.ts';

/** Subtypes that are a person writing. */
const humanSubtypes = new Set([undefined, 'me_message', 'thread_broadcast']);

/** An event as one comparable line. */
export function eventKey(e: ActivityEvent): string {
  return [e.kind, e.sourceEventId, e.actor, e.counterparts.join(','), e.isThread, e.size, e.start.toISOString(), e.end.toISOString(), e.conversation].join('|');
}

/** The conversations of a channel's events: the channel's own and one per thread started in it. */
export function slackChannelConversations(ws: SlackWorkspace, channelId: string, pseudonymize: Pseudonymize): Set<string> {
  const threads = (ws.messages.get(channelId) ?? []).filter((m) => m.replies.length > 0).map((m) => `slack:${channelId}:${m.ts}`);
  return new Set([`slack:${channelId}`, ...threads].map((id) => pseudonymize('conversation', id)));
}

/**
 * The events a correct Slack connector yields for `[start, end)` with the server's clock at `now`,
 * computed straight from the simulator's store (not from its wire format): human messages of readable
 * channels (`/me` messages included), replies of the threads started in the window and broadcasts of any
 * thread, reactions by other people; malformed messages left out. A thread's events are in the
 * thread's conversation, the others in the channel's.
 */
export function expectedSlackEvents(ws: SlackWorkspace, org: Organisation, pseudonymize: Pseudonymize, start: Date, end: Date, now: Date): string[] {
  const people = new Map(
    org.people.map((p) => {
      const userId = ws.userIdByPerson.get(p.id) as string;
      const pseudonym = p.id === ws.hiddenEmail.personId ? pseudonymize('source-user', `slack:${userId}`) : pseudonymize('person', p.email);
      return [userId, pseudonym] as const;
    }),
  );
  const lo = start.getTime() * 1000;
  const hi = Math.min(end.getTime() * 1000, now.getTime() * 1000 + 1);
  const malformed = new Set(ws.malformed.map((m) => `${m.channel}:${m.ts}`));
  const keys: string[] = [];

  for (const channel of ws.channels.filter((c) => c.is_member && !c.is_archived)) {
    const emit = (m: StoredMessage, isThread: boolean, parent: StoredMessage | null) => {
      const author = people.get(m.user ?? '');
      if (!author || !humanSubtypes.has(m.wire.subtype as string | undefined) || m.wire.bot_id !== undefined || malformed.has(`${channel.id}:${m.ts}`)) return;
      const at = new Date(m.micros / 1000).toISOString();
      const conversation = pseudonymize('conversation', isThread ? `slack:${channel.id}:${parent?.ts ?? m.ts}` : `slack:${channel.id}`);
      const key = (kind: string, id: string, actor: string, counterpart: string | undefined) =>
        [kind, pseudonymize('event', id), actor, counterpart && counterpart !== actor ? counterpart : '', isThread, channel.num_members, at, at, conversation].join('|');
      const parentAuthor = parent ? people.get(parent.user ?? '') : undefined;
      keys.push(key(parent ? 'thread_reply' : 'message', `slack:${channel.id}:${m.ts}`, author, parentAuthor));
      for (const reaction of (m.wire.reactions as SlackReaction[] | undefined) ?? []) {
        for (const userId of new Set(reaction.users)) {
          const reactor = people.get(userId);
          if (reactor && reactor !== author) keys.push(key('reaction', `slack:${channel.id}:${m.ts}:reaction:${reaction.name}:${userId}`, reactor, author));
        }
      }
    };
    const list = ws.messages.get(channel.id) ?? [];
    for (const m of list) {
      if (m.micros < lo || m.micros >= hi) continue;
      if (m.wire.subtype === 'thread_broadcast') {
        // A broadcast's top-level copy: its thread gives it when the thread started in the window.
        const parent = list.find((p) => p.ts === m.wire.thread_ts) as StoredMessage;
        if (parent.micros < lo) emit(m, true, parent);
        continue;
      }
      const replies = m.replies.filter((r) => r.micros < hi);
      emit(m, m.replies.some((r) => r.micros <= now.getTime() * 1000), null);
      for (const r of replies) emit(r, true, m);
    }
  }
  return keys.sort();
}
