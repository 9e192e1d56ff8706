import { randomBytes } from 'node:crypto';
import { mailAddresses, parseMailMessage } from '../parse-mail-message.ts';
import { googleError, type GoogleErrorResponse } from './google-error.ts';
import { googleOpaqueToken } from './google-opaque-token.ts';

/** A message sent through Gmail, as the simulator records it for tests. */
export interface GmailDelivery {
  channel: 'google';
  /** The one addressee (every To, Cc and Bcc address gets its own record). */
  to: string;
  /** The Message-ID without angle brackets, or null when the message had none. */
  key: string | null;
  text: string;
}

/** What a Gmail route answers: a status and a JSON body. */
export interface GmailAnswer {
  status: number;
  body: unknown;
}

/** The Gmail API over the simulated users' mailboxes (the sent side only: nothing arrives from outside). */
export interface GmailMailboxes {
  /** `users.messages.send` as `sender`: a JSON body `{raw}` with a base64url RFC 5322 message. */
  send(sender: string, body: string, nowMs: number): GmailAnswer | GoogleErrorResponse;
  /** `users.messages.list` of `owner`'s mailbox (`labelIds`, `maxResults`, `pageToken`; `q` unless only gmail.metadata is granted). */
  list(owner: string, query: URLSearchParams, scopes: readonly string[]): GmailAnswer | GoogleErrorResponse;
  /** `users.messages.get` (`format` metadata, minimal or full; `metadataHeaders`). */
  get(owner: string, id: string, query: URLSearchParams, scopes: readonly string[]): GmailAnswer | GoogleErrorResponse;
  /** Every message sent so far, one record per addressee, oldest first. */
  deliveries(): GmailDelivery[];
  /** From now on, sent messages get a Message-ID of Gmail's own, as Gmail may do, whatever the sender gave. */
  replaceMessageIds(): void;
}

interface StoredGmail {
  id: string;
  threadId: string;
  labelIds: string[];
  headers: { name: string; value: string }[];
  text: string;
  internalDate: string;
  sizeEstimate: number;
}

/** The scopes that may send, and those that may read, as Gmail's reference lists them. */
export const GMAIL_SEND_SCOPES = ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.compose', 'https://www.googleapis.com/auth/gmail.modify', 'https://mail.google.com/'];
/** The scopes that may list and get messages. */
export const GMAIL_READ_SCOPES = ['https://www.googleapis.com/auth/gmail.metadata', 'https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/gmail.modify', 'https://mail.google.com/'];
const SCOPE_METADATA = 'https://www.googleapis.com/auth/gmail.metadata';

/** Whether the only reading scope granted is gmail.metadata (no search, no bodies). */
const metadataOnly = (scopes: readonly string[]): boolean => scopes.includes(SCOPE_METADATA) && !GMAIL_READ_SCOPES.some((s) => s !== SCOPE_METADATA && scopes.includes(s));
const hexId = () => randomBytes(8).toString('hex');

/**
 * Gmail's `users.messages` send, list and get, per impersonated user, in Gmail's wire format:
 * send parses the raw message (base64url), keeps its headers (Message-ID included), labels it SENT
 * and records one delivery per addressee; list pages ids newest first with opaque page tokens;
 * get answers `metadata` (only the `metadataHeaders` asked for), `minimal` or `full`. Under
 * gmail.metadata alone, `q` answers 403 and only metadata/minimal formats are allowed, as Google does.
 */
export function createGmailMailboxes(): GmailMailboxes {
  const mailboxes = new Map<string, StoredGmail[]>();
  const deliveries: GmailDelivery[] = [];
  const invalid = (message: string) => googleError(400, 'invalidArgument', message);

  const find = (owner: string, id: string) => (mailboxes.get(owner) ?? []).find((m) => m.id === id);
  let ownMessageIds = false;

  return {
    send(sender, body, nowMs) {
      let raw: unknown;
      try {
        raw = (JSON.parse(body) as { raw?: unknown }).raw;
      } catch {
        return googleError(400, 'parseError', 'Parse Error');
      }
      if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(raw)) return invalid("Invalid value for ByteString: 'raw'");
      const parsed = parseMailMessage(Buffer.from(raw, 'base64url').toString('utf8'));
      if (!parsed) return invalid('Invalid raw message');
      const h = parsed.headers;
      const recipients = [...mailAddresses(h.get('to')), ...mailAddresses(h.get('cc')), ...mailAddresses(h.get('bcc'))];
      if (recipients.length === 0) return invalid('Recipient address required');
      const given = ownMessageIds ? undefined : h.get('message-id');
      const messageId = given ?? `<${hexId()}@mail.gmail.com>`;
      const id = hexId();
      const stored: StoredGmail = {
        id,
        threadId: id,
        labelIds: ['SENT'],
        headers: [...[...h].filter(([name]) => name !== 'bcc' && name !== 'message-id').map(([name, value]) => ({ name: name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()), value })), { name: 'Message-ID', value: messageId }],
        text: parsed.text,
        internalDate: String(nowMs),
        sizeEstimate: raw.length,
      };
      mailboxes.set(sender, [stored, ...(mailboxes.get(sender) ?? [])]);
      for (const to of recipients) deliveries.push({ channel: 'google', to, key: messageId.replace(/^<|>$/g, ''), text: parsed.text });
      return { status: 200, body: { id, threadId: id, labelIds: stored.labelIds } };
    },

    replaceMessageIds() {
      ownMessageIds = true;
    },

    list(owner, query, scopes) {
      if (query.has('q') && metadataOnly(scopes)) return googleError(403, 'forbidden', "Metadata scope does not support 'q' parameter");
      if (query.has('q')) return invalid('The simulator does not search: list by labelIds');
      const max = Math.min(500, Number(query.get('maxResults') ?? 100));
      const token = query.get('pageToken');
      const offset = token === null ? 0 : googleOpaqueToken.decode('page', token)?.o;
      if (!Number.isInteger(max) || max < 1 || offset === undefined) return invalid('Invalid pageToken or maxResults');
      const labels = query.getAll('labelIds');
      const matching = (mailboxes.get(owner) ?? []).filter((m) => labels.every((l) => m.labelIds.includes(l)));
      const page = matching.slice(offset, offset + max);
      const more = offset + max < matching.length;
      return {
        status: 200,
        body: {
          ...(page.length > 0 ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
          ...(more ? { nextPageToken: googleOpaqueToken.encode('page', { o: offset + max }) } : {}),
          resultSizeEstimate: matching.length,
        },
      };
    },

    get(owner, id, query, scopes) {
      const format = (query.get('format') ?? 'full').toLowerCase();
      if (metadataOnly(scopes) && format !== 'metadata' && format !== 'minimal') return googleError(403, 'forbidden', `Metadata scope doesn't allow format ${format.toUpperCase()}`);
      const message = find(owner, id);
      if (!message) return googleError(404, 'notFound', 'Requested entity was not found.');
      const base = { id: message.id, threadId: message.threadId, labelIds: message.labelIds, historyId: '1', internalDate: message.internalDate, sizeEstimate: message.sizeEstimate };
      if (format === 'minimal') return { status: 200, body: base };
      const wanted = query.getAll('metadataHeaders').map((n) => n.toLowerCase());
      const headers = format === 'metadata' && wanted.length > 0 ? message.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : message.headers;
      const body = format === 'metadata' ? {} : { body: { size: Buffer.byteLength(message.text), data: Buffer.from(message.text).toString('base64url') } };
      return { status: 200, body: { ...base, payload: { partId: '', mimeType: 'text/plain', filename: '', headers, ...body } } };
    },

    deliveries: () => deliveries.map((d) => ({ ...d })),
  };
}
