/**
 * Slack-style opaque pagination cursors: base64 of `<kind>:<value>`, e.g. `next_ts:1700000000000100`
 * for history and replies or `user:U0ABC` for lists, as Slack's own cursors look once decoded.
 */
export const slackCursor = {
  /** An opaque cursor for `kind` and `value`. */
  encode(kind: string, value: string): string {
    return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64');
  },
  /** The value of a cursor of `kind`, or null when the cursor is not one this server issued. */
  decode(kind: string, cursor: string): string | null {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return null;
    const text = Buffer.from(cursor, 'base64').toString('utf8');
    return text.startsWith(`${kind}:`) && text.length > kind.length + 1 ? text.slice(kind.length + 1) : null;
  },
};
