/**
 * A record the source listed was gone when fetched (e.g. Slack `thread_not_found` for a thread
 * whose parent was deleted in between). Internal to connectors: the record is skipped, nothing else.
 */
export class RecordGoneError extends Error {
  constructor(what: string) {
    super(`${what} was gone when fetched`);
    this.name = 'RecordGoneError';
  }
}
