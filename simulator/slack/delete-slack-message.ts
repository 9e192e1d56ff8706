import type { StoredMessage } from './stored-message.ts';

/**
 * Deletes a message of a channel as Slack does: a reply leaves its thread (and the channel's
 * top-level list, when it was broadcast); a top-level message leaves the channel, unless replies
 * stay under it, when a tombstone (`subtype: tombstone`, by `USLACKBOT`, hidden) takes its place.
 * Returns whether the message was there.
 */
export function deleteSlackMessage(messages: Map<string, StoredMessage[]>, channel: string, ts: string): boolean {
  const list = messages.get(channel) ?? [];
  let found = false;
  for (const parent of list) {
    const at = parent.replies.findIndex((r) => r.ts === ts);
    if (at >= 0) {
      parent.replies.splice(at, 1);
      found = true;
    }
  }
  const top = list.findIndex((m) => m.ts === ts);
  if (top < 0) return found;
  const message = list[top] as StoredMessage;
  if (message.replies.length > 0) {
    message.user = null;
    message.wire = { type: 'message', subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT', hidden: true, ts };
  } else {
    list.splice(top, 1);
  }
  return true;
}
