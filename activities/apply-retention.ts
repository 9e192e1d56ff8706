import type { RetentionResult } from '../models/run-summary.ts';
import { dayMs } from '../models/time.ts';
import { defaultRetention, leaversQuery, retentionStatements, retentionSteps } from '../transforms/retention-statements.ts';
import type { StoreDeps } from './activity-deps.ts';
import { erasePeople } from './erase-subjects.ts';

/**
 * The daily retention step, at the run's nominal time `at`: deletes the raw events, change-log
 * entries and quarantined records that ended more than the retention period before it (one
 * transaction, see retentionStatements; features and baselines stay), then erases the people no
 * directory has listed for the leaver grace period (each as `attune erase` would, see
 * erasePeople), whose checkpoint also writes the deletions into the database file, so the
 * deleted rows leave it and its WAL. The file is not rewritten (that is for `attune erase`).
 */
export function applyRetention(deps: StoreDeps) {
  return async ({ at }: { at: string }): Promise<RetentionResult> => {
    const { retentionDays, leaverGraceDays } = deps.retention ?? defaultRetention;
    const before = (days: number) => new Date(Date.parse(at) - days * dayMs).toISOString();
    const changed = await deps.store.runCounted(retentionStatements(before(retentionDays)));
    const removed = (step: (typeof retentionSteps)[number]) => changed[retentionSteps.indexOf(step)] ?? 0;
    const leavers = (await deps.store.select(leaversQuery(before(leaverGraceDays)))).map((row) => String(row.pseudonym));
    await erasePeople(deps.store, leavers);
    return { events: removed('events'), changes: removed('changes'), quarantined: removed('quarantined'), collaborations: removed('collaborations'), leavers: leavers.length };
  };
}
