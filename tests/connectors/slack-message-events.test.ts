import { describe, expect, it } from 'vitest';
import { slackMessageEvents } from '../../connectors/slack/slack-message-events.ts';
import type { SlackMessage } from '../../connectors/slack/wire/slack-message.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';

const pseudonymize = createPseudonymizer(Buffer.alloc(32, 3));
const person = (id: string) => pseudonymize('person', `${id.toLowerCase()}@example.test`);
const pseudonyms = new Map(['UA', 'UB', 'UC'].map((id) => [id, person(id)]));
const context = { channel: 'C1', size: 12, pseudonyms, pseudonymize };
const summary = (events: ReturnType<typeof slackMessageEvents>) =>
  events.map((e) => `${e.kind} ${[...pseudonyms].find(([, p]) => p === e.actor)?.[0]} -> ${e.counterparts.map((c) => [...pseudonyms].find(([, p]) => p === c)?.[0]).join(',')}${e.isThread ? ' (thread)' : ''}`);

describe('slackMessageEvents', () => {
  it('maps people writing and reacting; leaves out bots, system messages, strangers and self-counterparts', () => {
    const messages: SlackMessage[] = [
      { ts: '100.000001', user: 'UA', thread_ts: '100.000001', reply_count: 2, latest_reply: '102.000000', reactions: [{ name: 'eyes', users: ['UA', 'UB', 'UB', 'UX'], count: 3 }] },
      { ts: '101.000000', user: 'UB', thread_ts: '100.000001', parent_user_id: 'UA' },
      { ts: '102.000000', user: 'UA', thread_ts: '100.000001', subtype: 'thread_broadcast' },
      { ts: '103.000000', user: 'UC', bot_id: 'B1', reactions: [{ name: 'tada', users: ['UA'], count: 1 }] },
      { ts: '104.000000', user: 'UC', subtype: 'channel_join' },
      { ts: '105.000000', user: 'UX' },
      { ts: '106.000000', user: 'UC' },
    ];
    expect(summary(slackMessageEvents(messages, context))).toEqual([
      'message UA ->  (thread)',
      'reaction UB -> UA (thread)',
      'thread_reply UB -> UA (thread)',
      'thread_reply UA ->  (thread)',
      'message UC -> ',
    ]);
  });

  it('gives every event its own stable keyed id, time, conversation and size', () => {
    const messages: SlackMessage[] = [{ ts: '1700000000.250000', user: 'UA', reactions: [{ name: 'eyes', users: ['UB', 'UC'], count: 2 }] }];
    const events = slackMessageEvents(messages, context);
    expect(events.map((e) => e.sourceEventId)).toEqual([
      pseudonymize('event', 'slack:C1:1700000000.250000'),
      pseudonymize('event', 'slack:C1:1700000000.250000:reaction:eyes:UB'),
      pseudonymize('event', 'slack:C1:1700000000.250000:reaction:eyes:UC'),
    ]);
    for (const e of events) {
      expect(e.start.toISOString()).toBe('2023-11-14T22:13:20.250Z');
      expect(e.end).toEqual(e.start);
      expect(e.conversation).toBe(pseudonymize('conversation', 'slack:C1'));
      expect(e.size).toBe(12);
      expect(e.source).toBe('slack');
    }
  });

  it('puts a thread’s parent, replies, broadcasts and their reactions in the thread’s conversation, other messages in the channel’s', () => {
    const messages: SlackMessage[] = [
      { ts: '100.000001', user: 'UA', thread_ts: '100.000001', reply_count: 2, latest_reply: '102.000000', reactions: [{ name: 'eyes', users: ['UB'], count: 1 }] },
      { ts: '101.000000', user: 'UB', thread_ts: '100.000001', parent_user_id: 'UA' },
      { ts: '102.000000', user: 'UA', thread_ts: '100.000001', subtype: 'thread_broadcast' },
      { ts: '103.000000', user: 'UC', thread_ts: '103.000000', reply_count: 1, latest_reply: '104.000000' },
      { ts: '104.000000', user: 'UA', thread_ts: '103.000000', parent_user_id: 'UC' },
      { ts: '105.000000', user: 'UB' },
    ];
    const conversationOf = new Map([
      [pseudonymize('conversation', 'slack:C1:100.000001'), 'first thread'],
      [pseudonymize('conversation', 'slack:C1:103.000000'), 'second thread'],
      [pseudonymize('conversation', 'slack:C1'), 'channel'],
    ]);
    expect(slackMessageEvents(messages, context).map((e) => `${e.kind} ${conversationOf.get(e.conversation ?? '')}`)).toEqual([
      'message first thread',
      'reaction first thread',
      'thread_reply first thread',
      'thread_reply first thread',
      'message second thread',
      'thread_reply second thread',
      'message channel',
    ]);
  });
});
