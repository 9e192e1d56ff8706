import type { RunSummary } from '../models/run-summary.ts';

/** Totals of the private store after a run. */
export interface StoreTotals {
  people: number;
  events: number;
  featureRows: number;
  quarantined: number;
}

const n = (value: number) => value.toLocaleString('en-US');

/**
 * The short summary `attune run` ends with: a line per source, then the store (when its totals
 * are at hand: not for a Temporal run, whose store is the store worker's) and the release. Counts only.
 */
export function formatRunSummary(summary: RunSummary, totals: StoreTotals | null, simulated: boolean): string {
  const lines = [`attune run ${summary.window.start} → ${summary.window.end}`];
  for (const s of summary.sources) {
    const label = `  ${s.source}${simulated ? ' (simulated)' : ''}`;
    if (s.status === 'failed') {
      lines.push(`${label}: STOPPED: ${s.failure}`);
      continue;
    }
    lines.push(
      `${label}: ${n(s.people)} people (${n(s.unresolved)} unresolved, ${n(s.excluded)} excluded, ` +
        `${n(s.unknownTimeZones)} without a time zone from this source), ${n(s.teams)} teams; ` +
        `${n(s.streamsRead)} streams read, ${n(s.streamsSkipped)} skipped, ${n(s.streamsFailed)} failed; ` +
        `${n(s.eventsFetched)} events fetched, ${n(s.eventsNew)} new, ${n(s.eventsRemoved)} removed, ${n(s.quarantined)} quarantined; ` +
        `${n(s.requests)} API requests`,
    );
    if (s.directoryFailure) lines.push(`    directory not read: ${s.directoryFailure} (the stored directory is kept; the next run reads it again)`);
    if (s.peopleIncomplete > 0) {
      lines.push(`    ${n(s.peopleIncomplete)} people's time zone or working hours could not be read (what was stored is kept; the next run reads them again)`);
    }
    if (s.lastStreamFailure) lines.push(`    last stream failure: ${s.lastStreamFailure} (those streams' cursors did not move: the next run reads them again)`);
  }
  if (totals) {
    lines.push(
    `  private store: ${n(totals.people)} people, ${n(totals.events)} events, ${n(totals.featureRows)} person-day feature rows, ` +
      `${n(totals.quarantined)} quarantined records`,
    );
  }
  lines.push(formatRetention(summary.retention));
  lines.push(
    summary.weeks.from === summary.weeks.to
      ? '  release: no complete week in the window yet'
      : `  release: weeks ${summary.weeks.from} to ${summary.weeks.to} (exclusive): ` +
          `${n(summary.cellsReleased)} team-week cells released, ${n(summary.cellsSuppressed)} suppressed`,
  );
  lines.push(formatNudges(summary.nudges));
  return lines.join('\n') + '\n';
}

/** The retention line of a run's (or an import's) summary: counts of what it deleted and of the leavers it erased, never who. */
export function formatRetention(retention: RunSummary['retention']): string {
  return (
    `  retention: ${n(retention.events)} events, ${n(retention.changes)} change-log entries, ${n(retention.quarantined)} quarantined records ` +
    `and ${n(retention.collaborations)} collaboration rows past ATTUNE_RETENTION_DAYS removed; ` +
    `${n(retention.leavers)} leavers (in no directory for ATTUNE_LEAVER_GRACE_DAYS) erased`
  );
}

/** The nudge line of a run's summary: counts per rule and of the delivery pass, never who. */
function formatNudges(nudges: RunSummary['nudges']): string {
  if (nudges.week === null) return '  nudges: no complete week to look at yet';
  const planned = Object.entries(nudges.planned);
  const total = planned.reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const perRule = planned.map(([rule, count]) => `${rule.replaceAll('_', ' ')} ${n(count ?? 0)}`).join(', ');
  let line = `  nudges: week of ${nudges.week}: ${n(total)} new${perRule ? ` (${perRule})` : ''}`;
  const d = nudges.delivery;
  if (d === null) return `${line}; delivered by the nudge delivery workflow, inside each person's working hours`;
  line +=
    `; ${n(d.delivered)} delivered, ${n(d.held)} held for the person's working hours (a later run sends them), ` +
    `${n(d.withheld)} withheld (snoozed or stopped), no channel: ${n(d.noChannel)}, ${n(d.retrying)} retrying`;
  return [line, ...d.channelFailures.map((f) => `    delivery stopped: ${f} (the nudges wait in the outbox for the next run)`)].join('\n');
}
