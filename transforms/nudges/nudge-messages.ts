import type { NudgeFacts, NudgeMessage, NudgeRuleId } from '../../models/nudge.ts';

/** Where a nudge's controls lead: signed personal links, and the nudge's key for Slack's buttons. */
export interface NudgeControls {
  /** The outbox key; Slack's Snooze and Stop buttons carry it back to `attune serve`. */
  nudgeKey: string;
  snoozeUrl: string;
  stopUrl: string;
  pageUrl: string;
}

/** Slack action ids of the buttons `attune serve` answers. */
export const nudgeActionIds = { snooze: 'attune_snooze', stop: 'attune_stop' } as const;

/** How long a snooze lasts. */
export const snoozeDays = 30;

/** Minutes as people say them: "45 min", "3 h", "3 h 20 min". */
export function spokenDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const fact = (facts: NudgeFacts, name: string) => facts[name] ?? 0;

/** Each rule's observation about the person's own week and two practical suggestions. No diagnosis, no judgement. */
const wordings: Record<NudgeRuleId, { subject: string; observe: (f: NudgeFacts) => string; suggest: [string, string] }> = {
  after_hours_load: {
    subject: 'Your evenings and weekends last week',
    observe: (f) => {
      const evenings = `${fact(f, 'evenings')} of your last ${plural(fact(f, 'working_days'), 'working day', 'working days')} had meetings or messages after your working hours`;
      const weekend = fact(f, 'weekend_days') > 0 ? `, and ${plural(fact(f, 'weekend_days'), 'day', 'days')} off had some too` : '';
      return `${evenings}${weekend}: ${spokenDuration(fact(f, 'minutes'))} outside your hours in all, where a usual week of yours has ${spokenDuration(fact(f, 'usual_minutes'))}.`;
    },
    suggest: [
      'Pick a finishing time for the next few days and pause notifications after it.',
      'If an evening meeting keeps coming back, ask whether it can move into hours you share with the others.',
    ],
  },
  long_days: {
    subject: 'Your long days last week',
    observe: (f) =>
      `${fact(f, 'long_days')} of your ${plural(fact(f, 'working_days'), 'working day', 'working days')} last week ran more than 11 hours from your first to your last activity ` +
      `(usually ${fact(f, 'usual_long_days')}); your days averaged ${spokenDuration(fact(f, 'mean_span_minutes'))}.`,
    suggest: [
      'Choose two days next week to finish at a set time, and put that time in your calendar.',
      'A late start after a late finish counts too: let the morning begin later when the evening ran long.',
    ],
  },
  back_to_back: {
    subject: 'Your meetings without a break last week',
    observe: (f) =>
      `Last week you had ${plural(fact(f, 'chains'), 'stretch', 'stretches')} of 2 hours or more of meetings without a 10-minute break ` +
      `(usually ${fact(f, 'usual_chains')}), ${spokenDuration(fact(f, 'back_to_back_minutes'))} of back-to-back meetings in all.`,
    suggest: [
      'Set your calendar to end meetings 5 or 10 minutes early by default.',
      'When you book the next meeting of a long run, leave 10 minutes free before it.',
    ],
  },
  low_focus: {
    subject: 'Your time to focus last week',
    observe: (f) =>
      `Last week your working hours held ${spokenDuration(fact(f, 'focus_minutes'))} of uninterrupted blocks of 2 hours or more, ` +
      `less than your usual ${spokenDuration(fact(f, 'usual_focus_minutes'))}; meetings took ${spokenDuration(fact(f, 'meeting_minutes'))}.`,
    suggest: [
      'Block two 2-hour stretches in your calendar for next week, before others fill them.',
      'Look at one recurring meeting: could it be shorter, less frequent, or handled in writing?',
    ],
  },
  shrinking_network: {
    subject: 'The people you worked with lately',
    observe: (f) =>
      `Last week you worked with ${plural(fact(f, 'collaborators'), 'person', 'people')} in meetings, threads, messages and issues; ` +
      `a usual week of yours has about ${fact(f, 'usual_collaborators')}, and the week before was lower than usual too.`,
    suggest: [
      'Is there a colleague you have not talked to in a while? A short call can be enough.',
      'Joining one team ritual or open channel conversation this week keeps you in the loop.',
    ],
  },
};

const privacyLine = 'Only you receive this note. attune never shows it, or your numbers, to your manager or anyone else.';

/**
 * The nudge one rule sends about the person's own week: an observation with their own numbers,
 * two practical suggestions, and the controls (Snooze 30 days, Stop, see your own page). Plain
 * text for e-mail and Slack's notification, Block Kit for the Slack DM.
 */
export function renderNudge(rule: NudgeRuleId, facts: NudgeFacts, controls: NudgeControls): NudgeMessage {
  const wording = wordings[rule];
  const observation = wording.observe(facts);
  const text = [
    observation,
    '',
    'Two things that may help:',
    ...wording.suggest.map((s) => `• ${s}`),
    '',
    privacyLine,
    '',
    `See your own numbers: ${controls.pageUrl}`,
    `Snooze these notes for ${snoozeDays} days: ${controls.snoozeUrl}`,
    `Stop these notes: ${controls.stopUrl}`,
  ].join('\n');
  const button = (label: string, extra: Record<string, unknown>) => ({ type: 'button', text: { type: 'plain_text', text: label }, ...extra });
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: wording.subject } },
    { type: 'section', text: { type: 'mrkdwn', text: observation } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Two things that may help*\n${wording.suggest.map((s) => `• ${s}`).join('\n')}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: privacyLine }] },
    {
      type: 'actions',
      elements: [
        button('See my numbers', { action_id: 'attune_page', url: controls.pageUrl }),
        button(`Snooze ${snoozeDays} days`, { action_id: nudgeActionIds.snooze, value: controls.nudgeKey }),
        button('Stop these notes', { action_id: nudgeActionIds.stop, value: controls.nudgeKey, style: 'danger' }),
      ],
    },
  ];
  return { subject: wording.subject, text, blocks };
}
