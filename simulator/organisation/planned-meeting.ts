/** An invitee's answer to a planned meeting. */
export type PlannedResponse = 'accepted' | 'tentative' | 'declined' | 'needs_action';

/**
 * One calendar event instance as the simulated organisation plans it, before any provider's wire
 * format: who organises it, who is invited (not the organiser) and how they answered, when it is,
 * and when it was created and possibly cancelled. A recurring series appears as its instances.
 */
export interface PlannedMeeting {
  /** Stable instance id, e.g. `standup:team-payments:2026-02-10`. */
  id: string;
  /** The simulator person id of the organiser (the only person on an out-of-office or focus block). */
  organizerId: string;
  attendees: { personId: string; response: PlannedResponse }[];
  /** Meeting rooms booked (resources, not people). */
  rooms: number;
  start: Date;
  /** Exclusive. All-day events end at the organiser's local midnight after their last day. */
  end: Date;
  /** True when the event is whole days in the organiser's zone (start and end at local midnight). */
  allDay: boolean;
  kind: 'meeting' | 'out_of_office' | 'focus_time';
  /** A video call is attached. */
  online: boolean;
  /** Shared by every instance of a recurring series; null for a single event. */
  recurringSeriesId: string | null;
  /** When the event (or its series) was put in the calendar; always before `start`. */
  createdAt: Date;
  /** When the instance was cancelled, or null. Always after `createdAt` and before `start`. */
  cancelledAt: Date | null;
}
