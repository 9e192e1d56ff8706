import { z } from 'zod';

/** The nudge rules attune knows, one per signal of privacy-and-signals.md. */
export const NudgeRuleId = z.enum(['after_hours_load', 'long_days', 'back_to_back', 'low_focus', 'shrinking_network']);
/** One of the nudge rules. */
export type NudgeRuleId = z.infer<typeof NudgeRuleId>;

/**
 * A nudge rendered for one person: a subject (e-mail), plain text (e-mail body and Slack's
 * notification text) and Slack Block Kit blocks. It holds the person's own numbers and links,
 * never anyone else's, and never their identity.
 */
export interface NudgeMessage {
  subject: string;
  text: string;
  /** Slack Block Kit blocks (section, context, actions with Snooze and Stop buttons). */
  blocks: Record<string, unknown>[];
}

/**
 * Where one person can be reached, opened from the identity vault at send time and dropped
 * right after: it is never stored, logged, staged or returned from an activity.
 */
export interface NudgeRecipient {
  /** Normalised work e-mail, or null when no source knows it. */
  email: string | null;
  /** The person's Slack user id, or null when Slack doesn't know them. */
  slackUserId: string | null;
}

/** A delivery route of nudges: a Slack DM, or e-mail sent through Microsoft Graph or Gmail. */
export const NudgeChannelKind = z.enum(['slack', 'microsoft', 'google']);
/** A delivery route of nudges. */
export type NudgeChannelKind = z.infer<typeof NudgeChannelKind>;
