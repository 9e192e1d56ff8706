import type { Source } from './source.ts';

/**
 * Which source's time zone wins for a person several sources know, lowest first: Jira's profile
 * (often the site default), Slack's profile (it follows the device, so it travels), then the
 * calendar and mailbox settings of Google and Microsoft 365 (the person's own choice for their
 * meetings). A known zone always beats UTC standing in for an unknown one; a source never replaces
 * the zone of a source above it, so the zone does not flip with whichever source synced last.
 */
export const timeZonePrecedence: readonly Source[] = ['jira', 'slack', 'google', 'microsoft'];
