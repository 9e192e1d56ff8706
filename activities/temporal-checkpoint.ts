import { Context } from '@temporalio/activity';
import type { ActivityCheckpoint } from './activity-checkpoint.ts';

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
