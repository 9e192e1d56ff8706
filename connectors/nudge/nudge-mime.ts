import { ConfigError } from '../../models/errors.ts';
import type { NudgeMessage } from '../../models/nudge.ts';

/** The setting naming the mailbox e-mail nudges are sent from, as errors name it. */
export const nudgeSenderSetting = 'ATTUNE_NUDGE_SENDER';

/** The domain part of every nudge's Message-ID: `<key@nudge.attune>`. */
const messageIdDomain = 'nudge.attune';
/** A plain address: no spaces, angle brackets, quotes, commas or line breaks (nothing that could add a header or a recipient). */
const plainAddress = /^[^\s<>@",;:()\\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
/** A key that may stand as it is left of the `@` of a Message-ID (RFC 5322 dot-atom, restricted to URL-safe characters). */
const dotAtomKey = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** Whether `address` is a plain e-mail address a nudge may be sent to or from. */
export function isPlainAddress(address: string | null): address is string {
  return address !== null && address.length <= 254 && plainAddress.test(address);
}

/**
 * The Message-ID carrying a nudge's idempotency key, angle brackets included: `<key@nudge.attune>`.
 * A key that isn't a dot-atom (say it holds a colon) stands base64url-encoded behind `b64.`, so
 * the same key always gives the same id, and the id is always valid.
 */
export function nudgeMessageId(key: string): string {
  const local = dotAtomKey.test(key) ? key : `b64.${Buffer.from(key, 'utf8').toString('base64url')}`;
  return `<${local}@${messageIdDomain}>`;
}

/** A header carrying the same id as the Message-ID, for a mail service that puts a Message-ID of its own on what it sends. */
export const nudgeKeyHeader = 'X-Attune-Nudge';

/** The parts of one nudge e-mail. */
export interface NudgeMail {
  /** The sender mailbox, ATTUNE_NUDGE_SENDER. */
  from: string;
  /** The one recipient. */
  to: string;
  /** The nudge's idempotency key; becomes the Message-ID. */
  key: string;
  message: NudgeMessage;
  /** The Date header's time. */
  date: Date;
}

/** `=?UTF-8?B?…?=` for a header value that isn't plain printable ASCII; line breaks become spaces first. */
function headerText(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

/** An RFC 5322 date, `Mon, 02 Mar 2026 09:00:00 +0000`. */
function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * One nudge as an RFC 5322 message (CRLF line ends): From the sender, To the recipient alone,
 * Subject, Date, Message-ID `<key@nudge.attune>` (again in X-Attune-Nudge), `Auto-Submitted: auto-generated` (RFC 3834, so
 * out-of-office replies stay away), MIME 1.0 with the text as a base64 `text/plain; charset=utf-8`
 * body. Both e-mail channels send exactly this. Throws ConfigError for an address that isn't a
 * plain one (nothing can slip another header or recipient in).
 */
export function buildNudgeMime(mail: NudgeMail): string {
  if (!isPlainAddress(mail.from)) throw new ConfigError(`${nudgeSenderSetting} must be a plain e-mail address`, nudgeSenderSetting);
  if (!isPlainAddress(mail.to)) throw new ConfigError('the recipient has no plain e-mail address: check canReach before delivering', nudgeSenderSetting);
  const body = Buffer.from(mail.message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${headerText(mail.message.subject)}`,
    `Date: ${mailDate(mail.date)}`,
    `Message-ID: ${nudgeMessageId(mail.key)}`,
    `${nudgeKeyHeader}: ${nudgeMessageId(mail.key)}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}
