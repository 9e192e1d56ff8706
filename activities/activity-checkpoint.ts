import { Context } from '@temporalio/activity';

/**
 * Where one run of a long activity records how far it got, so that a retried attempt resumes
 * there instead of starting over. Opened once per activity call and closed when it ends.
 */
export interface ActivityCheckpoint {
  /** What the previous attempt of this same call saved last, or undefined on a first attempt. */
  readonly resumed: unknown;
  /** Records progress (small and JSON-serialisable: positions and staging file names, never events). */
  save(details: unknown): void;
  /** Ends this call's checkpointing. */
  close(): void;
}

/** Checkpointing for the embedded runner: nothing retries a call, so nothing is kept; a failed stream is read again next run from its cursor. */
export function noCheckpoint(): ActivityCheckpoint {
  return { resumed: undefined, save: () => {}, close: () => {} };
}

/**
 * Checkpointing through Temporal heartbeats: `resumed` is the heartbeat details the previous
 * attempt recorded, `save` heartbeats new details, and the last details are heartbeated again
 * every `keepAliveMs` in between, so a slow step is not taken for a dead worker.
 */
export function temporalCheckpoint(keepAliveMs: number): () => ActivityCheckpoint {
  return () => {
    const context = Context.current();
    let details: unknown = context.info.heartbeatDetails;
    const timer = setInterval(() => context.heartbeat(details), keepAliveMs);
    return {
      resumed: details,
      save(next) {
        details = next;
        context.heartbeat(next);
      },
      close: () => clearInterval(timer),
    };
  };
}
