/** One event instance on one person's simulated Google calendar, with what the server needs to list it. */
export interface GoogleCalendarEntry {
  /** Calendar event id (recurring instances: `<series id>_<UTC start>`). */
  id: string;
  /** The planner's meeting id, for tests. */
  meetingId: string;
  start: number;
  end: number;
  createdAt: number;
  cancelledAt: number | null;
  /** The full event resource, without `status` and `updated` (set when listed). */
  resource: Record<string, unknown>;
  /** What a cancelled instance looks like when listed (id, recurrence link; no content). */
  cancelled: Record<string, unknown>;
}
