import type { SqlStatement } from '../../models/sql-statement.ts';

/** Reads back, from the release ledger, how many cells one release released and suppressed. */
export function releaseOutcomeQuery(releaseId: string): SqlStatement {
  return {
    sql: 'SELECT cells_released AS released, cells_suppressed AS suppressed FROM analytics.release_ledger WHERE release_id = $releaseId',
    params: { releaseId },
  };
}
