import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMessageEvents } from '../../connectors/slack/slack-message-events.ts';
import type { SlackMessage } from '../../connectors/slack/wire/slack-message.ts';
import { defaultWorkingHours } from '../../models/person.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { openFeatureStore } from './feature-store.ts';

const pseudonymize = createPseudonymizer(Buffer.alloc(32, 5));
const pseudonyms = new Map(['UA', 'UB', 'UC'].map((id) => [id, pseudonymize('person', `${id.toLowerCase()}@example.test`)]));
/** Slack's ts of a UTC time on Tue 2024-01-09. */
const ts = (hhmm: string) => `${Date.parse(`2024-01-09T${hhmm}:00Z`) / 1000}.000100`;

/**
 * One channel, two live threads (as conversations.history and conversations.replies return them):
 * A opens a thread at 10:00, C another at 10:20; B answers A's thread at 10:30 (30 minutes) and C's at 10:40 (20 minutes).
 */
const messages: SlackMessage[] = [
  { ts: ts('10:00'), user: 'UA', thread_ts: ts('10:00'), reply_count: 1, latest_reply: ts('10:30') },
  { ts: ts('10:20'), user: 'UC', thread_ts: ts('10:20'), reply_count: 1, latest_reply: ts('10:40') },
  { ts: ts('10:30'), user: 'UB', thread_ts: ts('10:00'), parent_user_id: 'UA' },
  { ts: ts('10:40'), user: 'UB', thread_ts: ts('10:20'), parent_user_id: 'UC' },
];

describe('reply latency', () => {
  let world: Awaited<ReturnType<typeof openFeatureStore>>;
  beforeAll(async () => {
    const people = [...pseudonyms.values()].map((pseudonym) => ({
      pseudonym,
      timeZone: 'UTC',
      ...defaultWorkingHours,
      workDays: [...defaultWorkingHours.workDays],
      identityResolved: true,
      timeZoneKnown: true,
      workingHoursKnown: false,
    }));
    world = await openFeatureStore(people);
    await world.load(slackMessageEvents(messages, { channel: 'C1', size: 3, pseudonyms, pseudonymize }));
    await world.recompute('full');
  });
  afterAll(() => world.close());

  it('times each Slack reply against its own thread, not the channel’s latest thread message', async () => {
    const replies = (await world.tables()).person_day_replies ?? [];
    expect(replies.filter((r) => r.person === pseudonyms.get('UB')).map((r) => r.latency_seconds)).toEqual([1200, 1800]);
  });
});
