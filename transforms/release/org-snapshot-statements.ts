import type { SqlStatement } from '../../models/sql-statement.ts';
import type { ResolvedOrganisation } from './resolve-organisation.ts';

/**
 * Statements recording `organisation` as the organisation of each of `weeks` (Mondays that have
 * none recorded yet), so a week is always released against the organisation it had.
 */
export function orgSnapshotStatements(weeks: readonly string[], organisation: ResolvedOrganisation): SqlStatement[] {
  if (weeks.length === 0) return [];
  const weekList = JSON.stringify(weeks);
  const weekRows = "(SELECT unnest(from_json($weeks::JSON, '[\"VARCHAR\"]'))::DATE AS week_start)";
  return [
    {
      sql: `INSERT INTO org_week_groups
        SELECT w.week_start, g."group", g.kind, g.name, g.parent, g.dimension
        FROM ${weekRows} w
        CROSS JOIN (SELECT unnest(from_json($groups::JSON,
          '[{"group":"VARCHAR","kind":"VARCHAR","name":"VARCHAR","parent":"VARCHAR","dimension":"VARCHAR"}]')) AS g)`,
      params: { weeks: weekList, groups: JSON.stringify(organisation.groups) },
    },
    {
      sql: `INSERT INTO org_week_members
        SELECT DISTINCT w.week_start, m."group", m.person
        FROM ${weekRows} w
        CROSS JOIN (SELECT unnest(from_json($members::JSON, '[{"group":"VARCHAR","person":"VARCHAR"}]')) AS m)`,
      params: { weeks: weekList, members: JSON.stringify(organisation.members) },
    },
  ];
}
