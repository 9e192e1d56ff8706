/** One emoji reaction on a message: who reacted, no timestamp (as in Slack). */
export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/**
 * A message as conversations.history / conversations.replies return it, minus the thread
 * summary (reply_count, reply_users, reply_users_count, latest_reply), which the server adds
 * on the fly from the replies visible at its current clock.
 */
export interface SlackMessage {
  type: 'message';
  subtype?: 'channel_join' | 'bot_message' | 'me_message' | 'thread_broadcast';
  ts: string;
  user?: string;
  bot_id?: string;
  username?: string;
  team?: string;
  text: string;
  blocks?: unknown[];
  attachments?: { id: number; fallback: string; title: string; text: string }[];
  files?: { id: string; name: string; title: string; mimetype: string; filetype: string; size: number }[];
  /** On replies: the parent's ts. */
  thread_ts?: string;
  /** On replies: the parent's author (not on a thread_broadcast, which has `root` instead). */
  parent_user_id?: string;
  /** On a thread_broadcast: the parent message. */
  root?: Record<string, unknown>;
  reactions?: SlackReaction[];
}
