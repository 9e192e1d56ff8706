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

const minutes = z.number().int().min(0).max(7 * 24 * 60);
const share = z.number().gt(0).lt(10);
const weeks = z.number().int().min(1).max(8);
const days = z.number().int().min(1).max(7);

/**
 * The nudge rules' settings as an admin writes them in `ATTUNE_NUDGE_RULES` (YAML, snake_case
 * keys, every key optional, unknown keys refused). Defaults are privacy-and-signals.md's. Each rule
 * compares the person's latest complete week with their own baseline (the 8 weeks before it);
 * rules that need a baseline stay quiet until it holds `min_baseline_weeks` usual weeks.
 */
export const NudgeRuleSettings = z.strictObject({
  min_baseline_weeks: weeks.default(3),
  /** A week is unusual for the person only beyond their usual ± this many median absolute deviations of their usual weeks. */
  unusual_mads: z.number().min(0).max(10).default(3),
  after_hours_load: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** More than this many after-hours and non-working-day minutes in a week… */
      weekly_minutes: minutes.default(180),
      /** …and this share over the person's usual (0.5 = +50 %)… */
      over_usual: share.default(0.5),
      /** …for this many weeks running. */
      weeks_running: weeks.default(2),
    })
    .prefault({}),
  long_days: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Nudge at this many long days (span over 11 hours, as the features define it) in a week… */
      days: days.default(3),
      /** …when that is at least this many more than usual… */
      more_than_usual: days.default(2),
      /** …for this many weeks running (spans are noisy: one late message makes a long day). */
      weeks_running: weeks.default(3),
    })
    .prefault({}),
  back_to_back: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Nudge at this many chains of 2 h or more of meetings without a 10-minute break in a week… */
      chains: z.number().int().min(1).max(50).default(3),
      /** …when that is at least this many more than usual. */
      more_than_usual: z.number().int().min(1).max(50).default(2),
    })
    .prefault({}),
  low_focus: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Nudge below this many focus minutes (free blocks of 2 h or more) in a week… */
      weekly_minutes: minutes.default(600),
      /** …when that is this share below the person's usual (0.5 = half their usual or less). */
      below_usual: z.number().gt(0).lt(1).default(0.5),
      /** Only in weeks with at least this many working days worked (not a holiday week). */
      min_working_days: days.default(3),
    })
    .prefault({}),
  shrinking_network: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Distinct collaborators down by this share (0.4 = 40 %) against the usual… */
      drop: z.number().gt(0).lt(1).default(0.4),
      /** …for this many weeks running… */
      weeks_running: weeks.default(2),
      /** …from a usual of at least this many people. */
      min_usual_collaborators: z.number().int().min(1).max(1000).default(5),
    })
    .prefault({}),
});
/** The nudge rules' settings, defaults filled in. */
export type NudgeRuleSettings = z.infer<typeof NudgeRuleSettings>;

/**
 * The numbers a triggered rule found in the person's own week, by name (minutes, days, people);
 * the message is written from them. Private to the person: kept only in the private store's outbox.
 */
export type NudgeFacts = Record<string, number>;

/** Nudges planned by one evaluation, per rule (counts only, never who). */
export interface NudgePlanResult {
  /** The local week evaluated (its Monday), or null when the window holds no complete week. */
  week: string | null;
  planned: Partial<Record<NudgeRuleId, number>>;
}

/** What one delivery pass did: counts only, never who. */
export interface NudgeDeliveryResult {
  delivered: number;
  /** Due, but outside the person's working hours: kept for later. */
  held: number;
  /** Dropped because the person stopped or snoozed nudges. */
  withheld: number;
  /** People no configured channel can reach. */
  noChannel: number;
  /** Attempts that failed and wait for a retry with backoff. */
  retrying: number;
  /** Why delivery through a channel stopped (a refused token or permission), naming the setting; the nudges stay in the outbox. */
  channelFailures: string[];
  /** How long until the next held or retrying nudge may go (ms), or null when none waits. */
  nextInMs: number | null;
}
