import path from 'node:path';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { Person } from '../../models/person.ts';
import type { ReadInFull } from '../../models/stream-batch.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { featureRecomputeSteps } from '../../transforms/features/feature-recompute-steps.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { loadOnePart } from '../helpers/load-one-part.ts';

/** Every table the feature recompute writes, with the columns that order its rows. */
export const featureTables = {
  person_day_features: 'person, day',
  person_day_collaborations: 'person, day, other',
  person_day_replies: 'person, day, latency_seconds',
  person_week_features: 'person, week_start',
  person_week_wellbeing: 'person, week_start',
  person_week_baselines: 'person, week_start',
} as const;

/**
 * A private store for feature tests: people and events go in the way a run loads them (staged
 * Parquet through the store's load (loadOnePart), so the change log is filled), features are recomputed on demand,
 * and every feature table can be read back in a stable order.
 */
export async function openFeatureStore(people: readonly Person[]) {
  const dataDir = tempDir('features');
  const store: PrivateStore = await openPrivateStore(dataDir);
  await store.upsertPeople(people, 'google');
  let batches = 0;
  return {
    store,
    /** Loads events as one batch of one source, removing the given source event ids and what a part read in full no longer has. */
    async load(events: readonly ActivityEvent[], deleted: { source: ActivityEvent['source']; ids: string[]; readInFull?: ReadInFull } = { source: 'google', ids: [] }) {
      batches += 1;
      const batchFile = events.length > 0 ? path.join(dataDir, `batch-${batches}.parquet`) : null;
      if (batchFile) await writeStagingBatch(batchFile, [...events]);
      await loadOnePart(store, { batchFile, quarantined: [], deleted: deleted.ids, readInFull: deleted.readInFull ?? null, cursor: { source: deleted.source, stream: 's', position: String(batches) } });
    },
    /** Recomputes the features, in `batches` parts (1 by default). */
    recompute: (mode: 'incremental' | 'full', batches = 1) => store.runSteps(featureRecomputeSteps({ mode, batches })),
    /** All rows of every feature table, dates as YYYY-MM-DD. */
    async tables(): Promise<Record<string, Record<string, unknown>[]>> {
      const result: Record<string, Record<string, unknown>[]> = {};
      for (const [table, order] of Object.entries(featureTables)) result[table] = await store.select({ sql: `SELECT * FROM ${table} ORDER BY ${order}` });
      return result;
    },
    close: () => store.close(),
  };
}
