import { randomBytes } from 'node:crypto';
import { mailAddresses, parseMailMessage } from '../parse-mail-message.ts';
import { graphError, type GraphAnswer } from './graph-answer.ts';
import type { GraphUserRecord } from './graph-directory.ts';

/** A message the app sent from a mailbox, as the simulator records it for tests. */
export interface GraphMailDelivery {
  channel: 'microsoft';
  /** The one addressee (every To, Cc and Bcc address gets its own record). */
  to: string;
  /** The Message-ID / internetMessageId without angle brackets, or null when none was given. */
  key: string | null;
  text: string;
}

/** A sendMail or mail-folder request as the mail routes see it. */
export interface GraphMailCall {
  method: string;
  query: URLSearchParams;
  /** The request body, as sent. */
  body: string;
  /** The Content-Type's media type, lower-cased. */
  contentType: string;
}

/** The application permissions the mail routes check. */
export type GraphMailPermission = 'Mail.Send' | 'Mail.ReadBasic.All';

/** Every mail permission. */
export const GRAPH_MAIL_PERMISSIONS: readonly GraphMailPermission[] = ['Mail.Send', 'Mail.ReadBasic.All'];

/** Mail sending and the Sent Items folder of the tenant's mailboxes. */
export interface GraphMail {
  /** `POST /users/{id}/sendMail`. */
  sendMail(user: GraphUserRecord, call: GraphMailCall, nowMs: number): GraphAnswer;
  /** `GET /users/{id}/mailFolders/{folder}/messages`. */
  folderMessages(user: GraphUserRecord, folder: string, call: GraphMailCall): GraphAnswer;
  /** Withdraws an application permission: its routes answer 403 ErrorAccessDenied. */
  withhold(permission: GraphMailPermission): void;
  /** Every message sent so far, one record per addressee, oldest first. */
  deliveries(): GraphMailDelivery[];
}

interface SentItem {
  id: string;
  internetMessageId: string | null;
  subject: string;
  toRecipients: { emailAddress: { address: string } }[];
  sentDateTime: string;
}

interface Composed {
  recipients: string[];
  internetMessageId: string | null;
  subject: string;
  text: string;
  save: boolean;
}

const unbracket = (id: string | null): string | null => (id === null ? null : id.replace(/^<|>$/g, ''));

/** A base64 MIME message (Content-Type text/plain) or a JSON `{message, saveToSentItems}`, or the Graph error it deserves. */
function compose(call: GraphMailCall): Composed | GraphAnswer {
  if (call.contentType === 'text/plain') {
    const base64 = call.body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return graphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
    const parsed = parseMailMessage(Buffer.from(base64, 'base64').toString('utf8'));
    if (!parsed) return graphError(400, 'ErrorMimeContentInvalid', 'The MIME content is invalid.');
    const h = parsed.headers;
    const recipients = [...mailAddresses(h.get('to')), ...mailAddresses(h.get('cc')), ...mailAddresses(h.get('bcc'))];
    return { recipients, internetMessageId: h.get('message-id') ?? null, subject: h.get('subject') ?? '', text: parsed.text, save: true };
  }
  if (call.contentType !== 'application/json') return graphError(415, 'UnsupportedMediaType', 'The content type is not supported.');
  let json: { message?: { subject?: string; body?: { content?: string }; internetMessageId?: string; toRecipients?: { emailAddress?: { address?: string } }[] }; saveToSentItems?: boolean | string };
  try {
    json = JSON.parse(call.body) as typeof json;
  } catch {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  if (!json.message) return graphError(400, 'ErrorInvalidParameter', "The value of the parameter 'Message' is empty.");
  const recipients = (json.message.toRecipients ?? []).map((r) => r.emailAddress?.address?.toLowerCase() ?? '').filter((a) => a.includes('@'));
  const save = json.saveToSentItems !== false && json.saveToSentItems !== 'false';
  return { recipients, internetMessageId: json.message.internetMessageId ?? null, subject: json.message.subject ?? '', text: json.message.body?.content ?? '', save };
}

/** The one value of an `internetMessageId eq '…'` filter ('' inside the quotes is a quote), or null. */
function filteredMessageId(filter: string): string | null {
  const match = /^\s*internetMessageId\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
  return match ? (match[1] as string).replace(/''/g, "'") : null;
}

/**
 * Microsoft Graph mail for an app with application permissions: `POST /users/{id}/sendMail`
 * taking either a base64 MIME message (`Content-Type: text/plain`) or JSON `{message,
 * saveToSentItems}`, answering 202 with an empty body and saving to the sender's Sent Items
 * (unless saveToSentItems is false); `GET /users/{id}/mailFolders/SentItems/messages` (folder name
 * case-insensitive) with an `internetMessageId eq '…'` `$filter` and `$select`. Mail.Send and
 * Mail.ReadBasic.All can be withheld (403 ErrorAccessDenied); a user without an Exchange mailbox
 * answers 404 MailboxNotEnabledForRESTAPI.
 */
export function createGraphMail(): GraphMail {
  const sent = new Map<string, SentItem[]>();
  const deliveries: GraphMailDelivery[] = [];
  const withheld = new Set<GraphMailPermission>();
  const denied = (counter: string, bucket: string) => graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', bucket, counter);
  const noMailbox = (counter: string, bucket: string) => graphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', bucket, counter);

  return {
    sendMail(user, call, nowMs) {
      const bucket = `mailbox:${user.id}`;
      if (call.method !== 'POST') return graphError(405, 'ErrorInvalidRequest', 'The OData request is not supported.', bucket, 'sendMail');
      if (withheld.has('Mail.Send')) return denied('sendMail', bucket);
      if (!user.mailbox) return noMailbox('sendMail', bucket);
      const mail = compose(call);
      if ('status' in mail) return { ...mail, bucket, counter: 'sendMail' };
      if (mail.recipients.length === 0) return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.', bucket, 'sendMail');
      const key = unbracket(mail.internetMessageId);
      for (const to of mail.recipients) deliveries.push({ channel: 'microsoft', to, key, text: mail.text });
      if (mail.save) {
        const items = sent.get(user.id) ?? [];
        items.push({
          id: `AAMkAD${randomBytes(24).toString('base64url')}`,
          internetMessageId: mail.internetMessageId ?? `<${randomBytes(12).toString('hex')}@sim.outlook.com>`,
          subject: mail.subject,
          toRecipients: mail.recipients.map((address) => ({ emailAddress: { address } })),
          sentDateTime: new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z'),
        });
        sent.set(user.id, items);
      }
      return { status: 202, body: undefined, bucket, counter: 'sendMail' };
    },

    folderMessages(user, folder, call) {
      const bucket = `mailbox:${user.id}`;
      if (withheld.has('Mail.ReadBasic.All')) return denied('sentItems', bucket);
      if (!user.mailbox) return noMailbox('sentItems', bucket);
      if (folder.toLowerCase() !== 'sentitems') return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.', bucket, 'sentItems');
      const filter = call.query.get('$filter');
      const wanted = filter === null ? null : filteredMessageId(filter);
      if (filter !== null && wanted === null) return graphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.', bucket, 'sentItems');
      const select = (call.query.get('$select') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const items = (sent.get(user.id) ?? []).filter((m) => wanted === null || m.internetMessageId === wanted);
      const value = items.map((m) => (select.length === 0 ? m : Object.fromEntries(Object.entries(m).filter(([k]) => k === 'id' || select.includes(k)))));
      return { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/mailFolders('SentItems')/messages`, value }, bucket, counter: 'sentItems' };
    },

    withhold(permission) {
      withheld.add(permission);
    },

    deliveries: () => deliveries.map((d) => ({ ...d })),
  };
}
