/**
 * A message as the simulated workspace stores it. `micros` and `ts` are always valid and order
 * the store, even when `wire` (what the API serves) was made malformed on purpose.
 */
export interface StoredMessage {
  /** Microseconds since the epoch: `ts` as an integer. */
  micros: number;
  ts: string;
  /** The author's Slack user id, or null for bot messages. */
  user: string | null;
  /**
   * The JSON object the API serves (thread summary excluded; see SlackMessage). A generated
   * message renders it on each read (RenderedSlackMessage): change it by assigning a new object,
   * not by editing the one read.
   */
  wire: Record<string, unknown>;
  /** Thread replies in ascending order; empty unless this is a thread parent. */
  replies: StoredMessage[];
}
