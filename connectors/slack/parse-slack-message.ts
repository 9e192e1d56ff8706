import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import { SlackMessage } from './wire/slack-message.ts';

/** A raw message parsed through the allow-list, or, when it fails, its quarantine record. */
export type ParsedSlackMessage = { message: SlackMessage; quarantined: null } | { message: null; quarantined: QuarantineRecord };

/**
 * Parses one raw message of `channel` alone. A message that fails is quarantined with where to
 * find it (its ts, when well-formed) and what was wrong (field paths and issue codes, never values).
 */
export function parseSlackMessage(raw: unknown, channel: string): ParsedSlackMessage {
  const parsed = SlackMessage.safeParse(raw);
  if (parsed.success) return { message: parsed.data, quarantined: null };
  const ts = typeof raw === 'object' && raw !== null && 'ts' in raw ? raw.ts : undefined;
  const recordRef = SlackMessage.shape.ts.safeParse(ts).success ? (ts as string) : null;
  const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`).join('; ');
  return { message: null, quarantined: { source: 'slack', stream: channel, recordRef, problem } };
}
