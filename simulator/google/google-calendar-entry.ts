/**
 * One event instance on one person's simulated Google calendar, with what the server needs to
 * list it. `resource` and `cancelled` are rendered when read (a fresh object each time, equal
 * each time), so a calendar holds no event objects between requests.
 */
export interface GoogleCalendarEntry {
  /** Calendar event id (recurring instances: `<series id>_<UTC start>`). */
  readonly id: string;
  /** The planner's meeting id, for tests. */
  readonly meetingId: string;
  readonly start: number;
  readonly end: number;
  readonly createdAt: number;
  readonly cancelledAt: number | null;
  /** True when the instance is listed with a `dateTime` start (every event but an all-day meeting). */
  readonly listedByDateTime: boolean;
  /** True when the resource has an `attendees` list (invitees or rooms). */
  readonly hasAttendees: boolean;
  /** The full event resource, without `status` and `updated` (set when listed); assigning one replaces it for good. */
  resource: Record<string, unknown>;
  /** What a cancelled instance looks like when listed (id, recurrence link; no content). */
  readonly cancelled: Record<string, unknown>;
}
