import { z } from 'zod';

const When = z
  .object({ dateTime: z.iso.datetime({ offset: true }).optional(), date: z.iso.date().optional() })
  .refine((w) => (w.dateTime === undefined) !== (w.date === undefined), 'exactly one of dateTime and date');

/**
 * A live (not cancelled) Calendar event instance, allow-listed to metadata: ids, status, type, times,
 * organiser and attendees (addresses, answers, flags), and whether a video call is attached.
 * Summary, description, location and every display name are dropped.
 */
export const GoogleEvent = z.object({
  id: z.string().min(1),
  status: z.enum(['confirmed', 'tentative']).optional(),
  iCalUID: z.string().min(1).optional(),
  recurringEventId: z.string().min(1).optional(),
  eventType: z.string().optional(),
  start: When,
  end: When,
  organizer: z.object({ email: z.string().optional(), self: z.boolean().optional() }).optional(),
  attendees: z
    .array(
      z.object({
        email: z.string().optional(),
        self: z.boolean().optional(),
        organizer: z.boolean().optional(),
        resource: z.boolean().optional(),
        responseStatus: z.enum(['needsAction', 'declined', 'tentative', 'accepted']),
      }),
    )
    .optional(),
  conferenceData: z
    .object({
      conferenceSolution: z.object({ key: z.object({ type: z.string() }) }).optional(),
      entryPoints: z.array(z.object({ entryPointType: z.string() })).optional(),
    })
    .optional(),
  hangoutLink: z.string().optional(),
});
/** A live Calendar event instance, allow-listed. */
export type GoogleEvent = z.infer<typeof GoogleEvent>;


/**
 * The `fields` selection of an events.list page: the tokens, the calendar's zone and, per item,
 * exactly what GoogleEvent and GoogleCancelledEvent keep, so titles, descriptions, locations and
 * display names never cross the wire.
 */
export const googleEventsFields =
  'nextPageToken,nextSyncToken,timeZone,' +
  'items(id,status,iCalUID,recurringEventId,eventType,start,end,organizer(email,self),' +
  'attendees(email,self,organizer,resource,responseStatus),conferenceData(conferenceSolution/key/type,entryPoints/entryPointType),hangoutLink)';
