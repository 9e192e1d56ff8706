import { z } from 'zod';

/**
 * A `/users/search` account, allow-listed to what attune needs: no display name, avatar or locale.
 * The email (often hidden by the user's profile visibility) goes to the identity vault only.
 */
export const JiraUser = z.object({
  accountId: z.string().min(1),
  accountType: z.string().optional(),
  emailAddress: z.string().nullish(),
  timeZone: z.string().nullish(),
  active: z.boolean().optional(),
});
/** A Jira account, allow-listed. */
export type JiraUser = z.infer<typeof JiraUser>;
