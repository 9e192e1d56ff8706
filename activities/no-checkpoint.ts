import type { ActivityCheckpoint } from './activity-checkpoint.ts';

/** Checkpointing for the embedded runner: nothing retries a call, so nothing is kept; a failed stream is read again next run from its cursor. */
export function noCheckpoint(): ActivityCheckpoint {
  return { resumed: undefined, save: () => {}, close: () => {} };
}
