import type { StreamSkipReason } from '../../models/stream-batch.ts';

/**
 * The source refused one stream (e.g. Slack `not_in_channel`). Internal to connectors: a
 * connector catches it and returns a skipped `StreamBatch`, so it never leaves the connector.
 */
export class StreamRefusedError extends Error {
  constructor(readonly reason: StreamSkipReason) {
    super(`the source refused this stream: ${reason}`);
    this.name = 'StreamRefusedError';
  }
}
