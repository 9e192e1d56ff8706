const prefix = 'export:';

/**
 * Stream ids of the export import: `export:<channel id>`, so its sync state never touches the
 * cursors of the API's channel streams (plain channel ids).
 */
export const slackExportStream = {
  /** The import's stream id of a channel. */
  of(channel: string): string {
    return `${prefix}${channel}`;
  },
  /** The channel id of an import stream id, or null for any other stream. */
  channelOf(stream: string): string | null {
    return stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : null;
  },
};
