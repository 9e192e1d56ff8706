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
