import type { DirectorySnapshot } from '../models/directory-snapshot.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import type { StageEvents, StreamBatch } from '../models/stream-batch.ts';

/** What an access check found: the credentials work; `missing` names what they lack for a full read, as the vendor names each scope or permission (empty: nothing known missing). */
export interface AccessCheck {
  missing: string[];
}

/**
 * What every source connector offers the activities. A connector pages, rate-limits,
 * parses through allow-list schemas, pseudonymizes at the boundary and returns metadata only.
 * It throws only errors of the taxonomy in models/errors.ts.
 */
export interface SourceConnector {
  readonly source: Source;
  /**
   * Checks the credentials with cheap calls (one, or one per scope or permission the vendor grants
   * apart); throws AuthError or ConfigError naming the setting to fix when they don't work at all.
   */
  checkAccess(): Promise<AccessCheck>;
  /** People, teams and identities as the source's directory has them now. */
  readDirectory(): Promise<DirectorySnapshot>;
  /** The streams to read (e.g. Slack channel ids), in a stable order. */
  listStreams(): Promise<string[]>;
  /**
   * Everything new in one stream since `position` (null: since the window's start), up to the window's end.
   * Reading the same position twice returns the same events. Given `stage`, a connector may hand some
   * of them over there as it reads (the returned batch holds the rest).
   */
  fetchStream(stream: string, position: string | null, window: RunWindow, stage?: StageEvents): Promise<StreamBatch>;
  /** HTTP requests sent to the source since the connector was made, every retry included (token requests aside). */
  requestsMade(): number;
}
