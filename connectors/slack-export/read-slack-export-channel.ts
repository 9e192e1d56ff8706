import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import { parseSlackMessage } from '../slack/parse-slack-message.ts';
import { slackTs } from '../slack/slack-ts.ts';
import type { SlackMessage } from '../slack/wire/slack-message.ts';
import type { SlackExportChannelInfo } from './read-slack-export-contents.ts';
import { readJsonArray } from './read-json-array.ts';
import type { SlackExportFiles } from './slack-export-files.ts';
import { dayMs } from '../../models/time.ts';

/** What to read of a channel: messages with a time in [from, to) (ms), and replies only of threads started at or after `threadsFrom`. */
export interface SlackExportRange {
  threadsFrom: number;
  from: number;
  to: number;
}

/** What one read of a channel's day files found: messages (metadata only, each once, oldest first) and quarantine. */
export interface SlackExportChannelRead {
  messages: SlackMessage[];
  quarantined: QuarantineRecord[];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Reads one channel's messages in a range from its day files, one file at a time. Files are
 * picked by date with a day's margin either side (an export's days need not be UTC days), and
 * messages by their own ts. As in the API path, a thread's replies count only when the thread
 * started in the window, except broadcasts, which the channel's history shows. Every record is parsed alone by the Slack connector's allow-list; one
 * that fails, and a day file that is not a JSON array, is quarantined by the read whose range
 * holds its day's noon (each once across consecutive ranges), and the read goes on.
 */
export async function readSlackExportChannel(files: SlackExportFiles, channel: SlackExportChannelInfo, range: SlackExportRange): Promise<SlackExportChannelRead> {
  const [fromTs, toTs, threadsFromTs] = [range.from, range.to, range.threadsFrom].map((ms) => slackTs.fromDate(new Date(ms))) as [string, string, string];
  const [firstDay, lastDay] = [dayOf(range.from - dayMs), dayOf(range.to + dayMs)];
  const kept = new Map<string, SlackMessage>();
  const quarantine = new Map<string, QuarantineRecord>();

  for (const day of channel.days.filter((d) => d >= firstDay && d <= lastDay)) {
    const noon = Date.parse(`${day}T12:00:00Z`);
    const owned = range.from <= noon && noon < range.to;
    const records = await readJsonArray(files, `${channel.folder}/${day}.json`);
    if (!Array.isArray(records)) {
      if (owned) quarantine.set(`${day}.json`, { source: 'slack', stream: channel.id, recordRef: `${day}.json`, problem: '(file): not a JSON array' });
      continue;
    }
    for (const raw of records) {
      const { message, quarantined } = parseSlackMessage(raw, channel.id);
      if (quarantined) {
        if (owned) quarantine.set(quarantined.recordRef ?? `#${quarantine.size}`, quarantined);
        continue;
      }
      if (slackTs.compare(message.ts, fromTs) < 0 || slackTs.compare(message.ts, toTs) >= 0) continue;
      const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
      // A broadcast is in the channel too, so it counts as the API's history sees it.
      if (isReply && message.subtype !== 'thread_broadcast' && slackTs.compare(message.thread_ts as string, threadsFromTs) < 0) continue;
      if (!kept.has(message.ts)) kept.set(message.ts, message);
    }
  }
  return {
    messages: [...kept.values()].sort((a, b) => slackTs.compare(a.ts, b.ts)),
    quarantined: [...quarantine.values()].sort((a, b) => (a.recordRef ?? '').localeCompare(b.recordRef ?? '')),
  };
}
