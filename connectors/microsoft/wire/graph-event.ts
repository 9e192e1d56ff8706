import { z } from 'zod';

/** A Graph dateTimeTimeZone in UTC, as asked for with `Prefer: outlook.timezone="UTC"`. */
const UtcDateTime = z.object({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/),
  timeZone: z.enum(['UTC', 'Etc/UTC', 'Coordinated Universal Time']),
});
const Response = z.enum(['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded']);
const Address = z.object({ emailAddress: z.object({ address: z.string().nullish() }).nullish() });

/**
 * A calendarView/delta `event`, allow-listed to metadata. `subject`, `body`, `bodyPreview`,
 * `location` and attendee names are content: not in the schema, so parsing drops them.
 */
export const GraphEvent = z.object({
  id: z.string().min(1),
  iCalUId: z.string().nullish(),
  seriesMasterId: z.string().nullish(),
  isAllDay: z.boolean(),
  isCancelled: z.boolean().nullish(),
  showAs: z.string().nullish(),
  isOnlineMeeting: z.boolean().nullish(),
  onlineMeetingProvider: z.string().nullish(),
  responseStatus: z.object({ response: Response.nullish() }).nullish(),
  start: UtcDateTime,
  end: UtcDateTime,
  organizer: Address.nullish(),
  attendees: z.array(Address.extend({ type: z.string().nullish(), status: z.object({ response: Response.nullish() }).nullish() })),
});
/** A Graph event, metadata only. */
export type GraphEvent = z.infer<typeof GraphEvent>;
