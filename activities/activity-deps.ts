import type { SourceConnector } from '../connectors/source-connector.ts';
import type { ActivityEvent } from '../models/activity-event.ts';
import { ConfigError } from '../models/errors.ts';
import type { BudgetShare, Pacing } from '../models/budget-share.ts';
import type { Progress } from '../models/progress.ts';
import type { Source } from '../models/source.ts';
import type { PrivateStore } from '../store/private-store.ts';
import type { ReleaseSettings } from '../transforms/release/release-settings.ts';
import type { RetentionSettings } from '../transforms/retention-statements.ts';
import type { ActivityCheckpoint } from './activity-checkpoint.ts';
import type { NudgeDeps } from './nudge-activities.ts';

/** What the ingest activities (API reads, on any number of workers) work with. */
export interface IngestDeps {
  /** The configured sources; a source missing here is not configured. */
  connectors: Partial<Record<Source, SourceConnector>>;
  /** Writes one staging batch file; the store's staging writer. */
  writeStagingBatch: (path: string, events: ActivityEvent[]) => Promise<void>;
  /** Folder for staging batches between fetch and load; shared with the store worker. */
  stagingDir: string;
  /** The store worker's public X25519 key: directories are staged sealed to it (see directory-sealing.ts). */
  directorySealingKey: Uint8Array;
  /**
   * A first read of a stream (no saved position) is split into windows growing by this many
   * days, each staged and checkpointed, so a retried read resumes after the last one; null reads it in one go.
   */
  fetchSliceDays: number | null;
  /** Opens the checkpoint of one activity call. */
  openCheckpoint: () => ActivityCheckpoint;
  /**
   * Runs a fetch so that its requests keep to the budget share its sync gave it, and returns the
   * pacing it leaves for the slot's next fetch: the connectors' withBudgetShare.
   */
  withBudgetShare: <T>(budget: BudgetShare, work: () => Promise<T>) => Promise<{ result: T; pacing: Pacing }>;
  progress: Progress;
}

/** What the store activities (on the one worker owning the DuckDB files) work with: no connector, so no vendor credential. */
export interface StoreDeps {
  store: PrivateStore;
  /** Folder for staging batches, stream lists and directories, shared with the ingest workers. */
  stagingDir: string;
  /** Opens the directories the ingest workers stage sealed to its public key (directorySealingKey). */
  directoryOpeningKey: Uint8Array;
  /** Path of the analytics store, the only place released aggregates go. */
  analyticsPath: string;
  /** Encrypts identities on their way into the vault. */
  vaultKey: Uint8Array;
  /** Minimum distinct contributors per released cell. */
  releaseK: number;
  /** Noise and organisation overrides for releases; without them, exact values and the directories as they are. */
  release?: ReleaseSettings;
  /** How long raw data and leavers are kept; without it, defaultRetention. */
  retention?: RetentionSettings;
  /** Nudge rules, delivery channels and personal links; without them no nudge is planned or sent. */
  nudges?: NudgeDeps;
  progress: Progress;
}

/** Everything the activities work with, as the embedded runner hands it in. */
export type ActivityDeps = IngestDeps & StoreDeps;

/** The connector of a configured source, or a ConfigError saying the source is not configured. */
export function connectorFor(deps: Pick<IngestDeps, 'connectors'>, source: Source): SourceConnector {
  const connector = deps.connectors[source];
  if (!connector) throw new ConfigError(`${source} is not configured on this worker`, source, source);
  return connector;
}
