import { z } from 'zod';
import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import type { RunWindow } from '../../models/run-window.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import type { SlackApi } from './slack-api.ts';
import type { SlackPosition } from './slack-position.ts';
import { parseSlackMessage } from './parse-slack-message.ts';
import { slackTs } from './slack-ts.ts';
import type { SlackMessage } from './wire/slack-message.ts';
import { dayMs } from '../../models/time.ts';

/** What one read of one channel found: messages (metadata only, each once, oldest first; those not handed over), quarantine, new position. */
export interface SlackChannelRead {
  messages: SlackMessage[];
  quarantined: QuarantineRecord[];
  position: SlackPosition;
  requests: number;
  /** What the read saw whole, from `from` (ISO) to the window's end: the channel's own messages, and these threads (parent ts), read whole or found gone. */
  whole: { from: string; threads: string[] };
  /** The author (Slack user id) of each thread parent read, by its ts: a reply may lie in another hand-over than its parent. */
  parentAuthors: ReadonlyMap<string, string>;
}

/** Paging and look-back settings of a channel read, and where it may hand messages over before it ends. */
export interface SlackChannelReadOptions {
  pageSize: number;
  threadLookbackDays: number;
  /**
   * Given, the read hands its messages over `to` here (each once, oldest first within a hand-over) whenever it
   * holds `messages` of them, and returns only the rest; with the authors of the thread parents seen so far.
   */
  handOver?: { messages: number; to: (messages: SlackMessage[], parentAuthors: ReadonlyMap<string, string>) => Promise<void> };
}

const MessagesPage = z.object({ messages: z.array(z.unknown()) });

/**
 * Reads one channel up to the window's end. First read: `conversations.history` from the window's
 * start. Later reads: from the newest ts read minus the thread look-back, so that parents whose
 * `latest_reply` moved are seen again, and so that the look-back is reconciled: every history message
 * is kept, and what was stored and is not listed again was deleted (see `whole`).
 * Threads whose `latest_reply` or `reply_count` differs from the one saved (a reply was added or deleted), or whose parent was deleted (a tombstone),
 * are read whole with `conversations.replies`; a saved recent thread whose parent history no longer lists is gone.
 * Every message is parsed alone; one that fails is quarantined (paths and codes only) and the read goes on.
 * With `handOver`, a large channel is never held whole: what is handed over is remembered by its ts only.
 */
export async function readSlackChannel(
  api: SlackApi,
  channel: string,
  saved: SlackPosition | null,
  window: RunWindow,
  options: SlackChannelReadOptions,
): Promise<SlackChannelRead> {
  const endTs = slackTs.fromDate(new Date(window.end));
  const before = (ts: string, bound: string) => slackTs.compare(ts, bound) < 0;
  const since = saved?.newestTs ?? null;
  const oldest = since === null ? slackTs.fromDate(new Date(window.start)) : lookBack(since, options.threadLookbackDays);
  const kept = new Map<string, SlackMessage>();
  const quarantine = new Map<string, QuarantineRecord>();
  let requests = 0;
  const countPage = () => void requests++;

  // Messages handed over, by ts (a thread's replies list its parent again), and the hand-overs in their order.
  const handedOver = new Set<string>();
  let handing = Promise.resolve();
  const handOverWhenFull = async () => {
    const { handOver } = options;
    if (!handOver || kept.size < handOver.messages) return;
    const messages = [...kept.values()].sort((a, b) => slackTs.compare(a.ts, b.ts));
    for (const message of messages) handedOver.add(message.ts);
    kept.clear();
    handing = handing.then(() => handOver.to(messages, parentAuthors));
    await handing;
  };

  const parse = (raw: unknown): SlackMessage | null => {
    const { message, quarantined } = parseSlackMessage(raw, channel);
    if (message) return before(message.ts, endTs) ? message : null;
    quarantine.set(quarantined.recordRef ?? `#${quarantine.size}`, quarantined);
    return null;
  };

  const parents: SlackMessage[] = [];
  const parentAuthors = new Map<string, string>();
  let newestTs = since;
  const historyArgs = { channel, oldest, latest: endTs, inclusive: true, limit: options.pageSize };
  for await (const page of api.pages('conversations.history', historyArgs, MessagesPage, countPage)) {
    for (const message of page.messages.map(parse)) {
      if (message === null) continue;
      if (message.reply_count && message.latest_reply && message.thread_ts === message.ts) {
        parents.push(message);
        if (message.user !== undefined) parentAuthors.set(message.ts, message.user);
      }
      kept.set(message.ts, message);
      if (newestTs === null || before(newestTs, message.ts)) newestTs = message.ts;
    }
    await handOverWhenFull();
  }

  const threads: Record<string, string> = {};
  const replyCounts: Record<string, number> = {};
  const wholeThreads = new Set<string>();
  const keepFrom = newestTs === null ? null : lookBack(newestTs, options.threadLookbackDays);
  await Promise.all(
    parents.map(async (parent) => {
      const latestReply = parent.latest_reply as string;
      const known = saved?.threads[parent.ts];
      let readUpTo = known ?? parent.ts;
      const knownCount = saved?.replyCounts[parent.ts];
      if (latestReply !== known || (knownCount !== undefined && knownCount !== parent.reply_count) || parent.subtype === 'tombstone') {
        const repliesArgs = { channel, ts: parent.ts, limit: options.pageSize };
        try {
          for await (const page of api.pages('conversations.replies', repliesArgs, MessagesPage, countPage)) {
            for (const message of page.messages.map(parse)) {
              if (message === null) continue;
              if (!kept.has(message.ts) && !handedOver.has(message.ts)) kept.set(message.ts, message);
              if (before(readUpTo, message.ts)) readUpTo = message.ts;
            }
            await handOverWhenFull();
          }
        } catch (error) {
          // The parent was deleted since history listed it: its thread has nothing left to read.
          if (!(error instanceof RecordGoneError)) throw error;
        }
        wholeThreads.add(parent.ts);
        // Replies past the window's end are read next time: remember only what this window covered.
        if (before(latestReply, endTs)) readUpTo = latestReply;
      }
      if (keepFrom !== null && !before(parent.ts, keepFrom)) {
        threads[parent.ts] = readUpTo;
        replyCounts[parent.ts] = parent.reply_count as number;
      }
    }),
  );

  // A recent thread history no longer lists as one lost its parent or all its replies: what is stored of it is gone.
  const listed = new Set(parents.map((p) => p.ts));
  for (const parentTs of Object.keys(saved?.threads ?? {})) if (!before(parentTs, oldest) && !listed.has(parentTs)) wholeThreads.add(parentTs);

  await handing;
  const messages = [...kept.values()].sort((a, b) => slackTs.compare(a.ts, b.ts));
  const quarantined = [...quarantine.values()].sort((a, b) => (a.recordRef ?? '').localeCompare(b.recordRef ?? ''));
  const whole = { from: new Date(Math.ceil(slackTs.toMs(oldest))).toISOString(), threads: [...wholeThreads].sort(slackTs.compare) };
  return { messages, quarantined, position: { newestTs, threads: sortedRecord(threads), replyCounts: sortedRecord(replyCounts) }, requests, whole, parentAuthors };
}

function lookBack(ts: string, days: number): string {
  return slackTs.fromDate(new Date(slackTs.toMs(ts) - days * dayMs));
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => slackTs.compare(a, b)));
}
