import type { SourceRunSummary } from '../models/run-summary.ts';

/**
 * The exit codes of `attune run` (README, "Exit codes"): 0 when every source was read whole; 3
 * when the run read something but some source, directory, stream or person's details failed (the
 * next run reads those again); 4 when it read nothing (every source stopped or was unavailable).
 * 1 is an unexpected failure of attune itself and 2 a bad setting, as for every command.
 */
export const runExitCodes = { complete: 0, partial: 3, nothingRead: 4 } as const;

/** How a run ended: its exit code and the summary's last line, saying what failed and when it is tried again. */
export interface RunOutcome {
  code: (typeof runExitCodes)[keyof typeof runExitCodes];
  line: string;
}

const n = (value: number) => value.toLocaleString('en-US');

/** What of one source failed this run, in words; empty when nothing did. */
function failuresOf(s: SourceRunSummary): string[] {
  if (s.status === 'failed') return [`${s.source} (stopped)`];
  return [
    ...(s.directoryFailure === null ? [] : [`the ${s.source} directory`]),
    ...(s.streamsFailed === 0 ? [] : [`${n(s.streamsFailed)} ${s.source} streams`]),
    ...(s.peopleIncomplete === 0 ? [] : [`the details of ${n(s.peopleIncomplete)} ${s.source} people`]),
  ];
}

/** Whether a source stored anything this run: its directory or at least one stream. */
function readSomething(s: SourceRunSummary): boolean {
  return s.status === 'ok' && (s.directoryFailure === null || s.streamsRead > 0);
}

/** The outcome of a run from its sources' summaries (those that never started included, as failed). */
export function runOutcome(sources: readonly SourceRunSummary[]): RunOutcome {
  const failed = sources.flatMap(failuresOf);
  if (!sources.some(readSomething)) {
    return { code: runExitCodes.nothingRead, line: `  outcome: nothing read (exit code ${runExitCodes.nothingRead}); see each source's line for what to fix, or run again later` };
  }
  if (failed.length === 0) return { code: runExitCodes.complete, line: '  outcome: complete' };
  return {
    code: runExitCodes.partial,
    line: `  outcome: partial (exit code ${runExitCodes.partial}): ${failed.join(', ')} failed; everything else is stored, and the next run reads what failed again`,
  };
}
