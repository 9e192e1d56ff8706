import type { SqlStatement, SqlSteps } from '../../models/sql-statement.ts';
import { dayFramesStatement } from './day-frames-statement.ts';
import { dirtyPersonDaysStatement } from './dirty-person-days-statement.ts';
import { featureWorkTables, inBatchSql, type RecomputeBatch } from './feature-work-tables.ts';
import { meetingAbsencesStatement } from './meeting-absences-statement.ts';
import { personDayCollaborationsStatements } from './person-day-collaborations-statement.ts';
import { issuePeriodsStatement, personDayFeaturesStatement } from './person-day-features-statement.ts';
import { personDayRepliesStatement, replyLatenciesStatement } from './person-day-replies-statement.ts';
import { meetingAttendeesStatement, personEventsStatement } from './person-events-statement.ts';
import { reachableEventsStatement } from './reachable-events-sql.ts';
import { personWeekBaselineStatements } from './person-week-baseline-statements.ts';
import { personWeekFeatureStatements } from './person-week-feature-statements.ts';
import { rollingCollaboratorsStatement } from './rolling-collaborators-statement.ts';
import { zoneOffsetsStatement } from './zone-offsets-statement.ts';
import { zonePeriodsStatement } from './zone-periods-statement.ts';

/** The tables keyed by (person, day) that a recompute rebuilds row by row. */
const dayTables = ['person_day_features', 'person_day_collaborations', 'person_day_replies'];
/** Every table a full recompute rebuilds from nothing. */
const featureTables = [...dayTables, 'person_week_features', 'person_week_wellbeing', 'person_week_baselines'];

/** The person-days of one batch to rebuild, rebuilt: local day frames, the day tables, the rolling columns, the weeks and the baselines. */
function batchStatements(mode: 'incremental' | 'full', batch: RecomputeBatch): SqlStatement[] {
  const work = featureWorkTables;
  const days: SqlStatement[] =
    mode === 'full'
      ? [
          ...featureTables.map((table) => ({ sql: `DELETE FROM ${table} WHERE ${inBatchSql('person', batch)}` })),
          personEventsStatement({ onlyDirtyDays: false, batch }),
          { sql: `CREATE OR REPLACE TEMP TABLE ${work.dirtyDays} AS SELECT DISTINCT person, day FROM ${work.personEvents}` },
        ]
      : [
          { sql: `CREATE OR REPLACE TEMP TABLE ${work.dirtyDays} AS SELECT * FROM ${allDirtyDays} WHERE ${inBatchSql('person', batch)}` },
          ...dayTables.map((table) => ({
            sql: `DELETE FROM ${table} x USING ${work.dirtyDays} d WHERE x.person = d.person AND x.day = d.day`,
          })),
          personEventsStatement({ onlyDirtyDays: true, batch }),
        ];
  return [
    ...days,
    dayFramesStatement(),
    ...personDayCollaborationsStatements({ onlyDirtyDays: mode === 'incremental' }),
    personDayRepliesStatement(),
    personDayFeaturesStatement(),
    rollingCollaboratorsStatement(),
    ...personWeekFeatureStatements(),
    ...personWeekBaselineStatements(),
  ];
}

/** Every person-day an incremental recompute rebuilds, before it is cut into batches. */
const allDirtyDays = 'feature_dirty_days_all';

/**
 * The steps that bring every feature table up to date with `events` and `people`, each committed
 * on its own, in order, with nothing else run in between, then the work tables dropped (PrivateStore.runSteps).
 * 'incremental' rebuilds only the person-days touched by what changed
 * since the last compute (the `event_changes` log and the `feature_people` and `feature_time_zones` snapshots; see
 * dirtyPersonDaysStatement), then the rolling 28-day columns, the weeks and the baselines that
 * depend on them; 'full' rebuilds everything. Either goes in `batches` parts, each rebuilding the
 * people of one hash bucket (every statement is one person's: their days, weeks and baselines), so a
 * first run of many people holds one part at a time in memory; each part is a step, so a person's
 * features are either as they were or rebuilt whole, never half. The last step empties the log and
 * refreshes the snapshot: a recompute stopped before it leaves them, so the next one rebuilds the same
 * person-days again. Both modes give identical rows over the same events, in any number of parts.
 * 'full' rebuilds from the events kept: after retention, days before its horizon lose the
 * features incremental recomputes keep.
 */
export function featureRecomputeSteps({ mode, batches = 1 }: { mode: 'incremental' | 'full'; batches?: number }): SqlSteps {
  if (!Number.isInteger(batches) || batches < 1) throw new RangeError(`a recompute goes in 1 or more batches, not ${batches}`);
  const work = featureWorkTables;
  const start: SqlStatement[] =
    mode === 'full'
      ? [meetingAbsencesStatement({ onlyDirtyDays: false }), meetingAttendeesStatement({ onlyDirtyDays: false }), replyLatenciesStatement({ onlyDirtyDays: false })]
      : [
          dirtyPersonDaysStatement(),
          reachableEventsStatement(),
          meetingAbsencesStatement({ onlyDirtyDays: true }),
          meetingAttendeesStatement({ onlyDirtyDays: true }),
          replyLatenciesStatement({ onlyDirtyDays: true }),
          { sql: `CREATE OR REPLACE TEMP TABLE ${allDirtyDays} AS SELECT * FROM ${work.dirtyDays}` },
        ];
  return {
    steps: [
      [zonePeriodsStatement(), zoneOffsetsStatement(), issuePeriodsStatement(), ...start],
      ...Array.from({ length: batches }, (_, index) => batchStatements(mode, { index, count: batches })),
      [
        { sql: 'DELETE FROM event_changes' },
        { sql: 'DELETE FROM feature_people' },
        { sql: 'INSERT INTO feature_people SELECT pseudonym, time_zone, work_days, work_start_minute, work_end_minute FROM people' },
        { sql: 'DELETE FROM feature_time_zones' },
        { sql: 'INSERT INTO feature_time_zones SELECT * FROM person_time_zones' },
      ],
    ],
    cleanup: [...Object.values(work), allDirtyDays].map((table) => ({ sql: `DROP TABLE IF EXISTS ${table}` })),
  };
}
