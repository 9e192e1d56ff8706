/**
 * Graph no longer knows a delta token (410, SyncStateNotFound / resyncRequired). Internal to the
 * Microsoft connector: it answers with a full resync of the range.
 */
export class SyncStateGoneError extends Error {
  constructor() {
    super('the delta token is no longer valid; a full resync is needed');
    this.name = 'SyncStateGoneError';
  }
}
