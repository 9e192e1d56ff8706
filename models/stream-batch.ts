import type { ActivityEvent, ActivityKind } from './activity-event.ts';
import type { Pseudonym } from './pseudonym.ts';
import type { QuarantineRecord } from './quarantine-record.ts';
import type { RateLimitWaits } from './rate-limit-waits.ts';

/** Why a stream was not read: the source refused this one stream, the rest of the run goes on. */
export type StreamSkipReason = 'not_in_channel' | 'access_denied';

/**
 * A part of a source's events that a read saw whole: the events of some kinds starting in the ranges [from, to)
 * (ISO instants), either one actor's (a calendar's owner) or every actor's in some conversations (a channel and its threads, issues).
 */
export type ReadInFull = { kinds: ActivityKind[]; ranges: { from: string; to: string }[] } & ({ actor: Pseudonym } | { conversations: Pseudonym[] });

/**
 * Where a connector may hand over a large stream's events before its read ends, so that it never holds
 * the stream whole; the batch the read returns then holds only the rest. Events handed over are staged
 * as they come: a read that fails after handing some over is read again from its position.
 */
export type StageEvents = (events: ActivityEvent[]) => Promise<void>;

/** What one incremental read of one stream produced. */
export interface StreamBatch {
  events: ActivityEvent[];
  quarantined: QuarantineRecord[];
  /** Source event ids (as in ActivityEvent.sourceEventId) the source says are gone: cancelled or deleted. */
  deleted: string[];
  /** The cursor position to save once these events are stored; unchanged when skipped. */
  position: string | null;
  skipped: StreamSkipReason | null;
  /** API requests this read made (pages, thread reads). */
  requests: number;
  /** How long this read's requests waited for rate limits, when counted (connectors/http/count-rate-limit-waits.ts); absent: not counted. */
  rateLimitWaits?: RateLimitWaits;
  /** Set when the events here are all the source has of that part (a resync): any other stored event in it is gone. */
  readInFull?: ReadInFull | null;
}
