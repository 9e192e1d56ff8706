import type { PrivateStore } from './private-store.ts';

/** How an admin chose the Slack channels to read: by name (`--channels`) or every public one (`--all-public`). */
export type SlackChannelChoiceKind = 'channels' | 'all-public';

/**
 * The Slack channels an admin chose to read, kept in the private store (`slack_channel_selection`)
 * so that every later read of Slack, the export import's and the API's, reads the same channels.
 */
export const slackChannelSelection = {
  /** Records a choice of channel ids, replacing any earlier one, in one transaction. */
  async record(store: PrivateStore, chosenBy: SlackChannelChoiceKind, channels: Iterable<string>): Promise<void> {
    await store.run([
      { sql: 'DELETE FROM slack_channel_selection' },
      {
        sql: `INSERT INTO slack_channel_selection
              SELECT unnest(from_json($channels, '["VARCHAR"]')), $chosenBy, current_timestamp`,
        params: { channels: JSON.stringify([...new Set(channels)]), chosenBy },
      },
    ]);
  },
  /** The chosen channel ids, or null when no choice was recorded (then the bot's channels are read). */
  async read(store: PrivateStore): Promise<ReadonlySet<string> | null> {
    const rows = await store.select({ sql: 'SELECT channel FROM slack_channel_selection ORDER BY channel' });
    return rows.length === 0 ? null : new Set(rows.map((row) => String(row.channel)));
  },
};
