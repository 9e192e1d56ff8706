import type { StoredMessage } from './stored-message.ts';

/**
 * The message as the API shows it at `nowMicros`: a thread parent gains thread_ts, reply_count,
 * reply_users, reply_users_count and latest_reply computed from the replies visible by then
 * (ts ≤ now), so moving the clock forward moves latest_reply. Without visible replies it is a
 * plain message.
 */
export function withThreadSummary(message: StoredMessage, nowMicros: number): Record<string, unknown> {
  const visible = message.replies.filter((r) => r.micros <= nowMicros);
  const last = visible[visible.length - 1];
  if (!last) return message.wire;
  const replyUsers = [...new Set(visible.flatMap((r) => (r.user ? [r.user] : [])))];
  return {
    ...message.wire,
    thread_ts: message.ts,
    reply_count: visible.length,
    reply_users: replyUsers,
    reply_users_count: replyUsers.length,
    latest_reply: last.ts,
    is_locked: false,
    subscribed: false,
  };
}
