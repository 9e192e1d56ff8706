/**
 * Calendar answered 410 `fullSyncRequired`: the saved sync token is no longer valid. Internal to
 * the Google connector: the calendar is read again in full, so nothing is lost and nothing fails.
 */
export class SyncTokenExpiredError extends Error {
  constructor() {
    super('the calendar sync token expired; a full sync is required');
    this.name = 'SyncTokenExpiredError';
  }
}
