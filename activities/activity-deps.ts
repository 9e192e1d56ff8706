import type { SourceConnector } from '../connectors/source-connector.ts';
import type { ActivityEvent } from '../models/activity-event.ts';
import type { Progress } from '../models/progress.ts';
import type { Source } from '../models/source.ts';
import type { PrivateStore } from '../store/private-store.ts';

/** What the activities work with, handed in by the embedded runner or a Temporal worker. */
export interface ActivityDeps {
  /** The configured sources; a source missing here is not configured. */
  connectors: Partial<Record<Source, SourceConnector>>;
  store: PrivateStore;
  /** Writes one staging batch file; the store's staging writer. */
  writeStagingBatch: (path: string, events: ActivityEvent[]) => Promise<void>;
  /** Folder for staging batches between fetch and load. */
  stagingDir: string;
  /** Path of the analytics store, the only place released aggregates go. */
  analyticsPath: string;
  /** Encrypts identities on their way into the vault. */
  vaultKey: Uint8Array;
  /** Minimum distinct contributors per released cell. */
  releaseK: number;
  progress: Progress;
}
