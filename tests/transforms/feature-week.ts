import path from 'node:path';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { Person } from '../../models/person.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { event, person } from './activity-fixtures.ts';
import { loadOnePart } from '../helpers/load-one-part.ts';

/** Three people in three time zones; 'stranger' is deliberately not among them. */
export const featureWeekPeople: Person[] = [
  person('tokyo', 'Asia/Tokyo'),
  person('ny', 'America/New_York'),
  person('london', 'Europe/London'),
];

/** Hand-built events around the ISO week of Monday 2024-01-08; local times in the comments. */
export const featureWeekEvents: ActivityEvent[] = [
  // Tokyo Mon 08:10; New York Sun 01-07 18:10.
  event('e1', 'message', 'tokyo', '2024-01-07T23:10:00Z', ['ny']),
  // New York Sat 01-13 10:00.
  event('e2', 'message', 'ny', '2024-01-13T15:00:00Z'),
  // London Tue 01-09: two in the 10:00 slot, then 16:55 and 17:00.
  event('e3', 'message', 'london', '2024-01-09T10:01:00Z', ['stranger']),
  event('e4', 'thread_reply', 'london', '2024-01-09T10:04:00Z'),
  event('e5', 'message', 'london', '2024-01-09T16:58:00Z'),
  event('e6', 'message', 'london', '2024-01-09T17:00:00Z'),
  // London Wed 01-10 03:00; New York Tue 01-09 22:00.
  event('e7', 'message', 'london', '2024-01-10T03:00:00Z', ['ny']),
  // Tokyo Thu 01-11 10:00 reacts; London Thu 01-11 01:00.
  event('e8', 'reaction', 'tokyo', '2024-01-11T01:00:00Z', ['london']),
  // London Thu 01-11 12:00; New York Thu 01-11 07:00.
  event('e9', 'message', 'london', '2024-01-11T12:00:00Z', ['ny']),
  // Someone not in `people` messages London: no row, no collaborator.
  event('e10', 'message', 'stranger', '2024-01-09T12:00:00Z', ['london']),
];

/** A fresh private store holding the feature-week people and events, loaded the way a run loads them. */
export async function openFeatureWeekStore(): Promise<PrivateStore> {
  const dataDir = tempDir('features');
  const store = await openPrivateStore(dataDir);
  await store.upsertPeople(featureWeekPeople, 'google');
  const batchFile = path.join(dataDir, 'events.parquet');
  await writeStagingBatch(batchFile, featureWeekEvents);
  await loadOnePart(store, { batchFile, quarantined: [], cursor: { source: 'slack', stream: 'C1', position: '1' } });
  return store;
}
