import { ConfigError } from '../../models/errors.ts';
import type { GoogleApi } from '../google/google-api.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import type { NudgeChannel } from './nudge-channel.ts';
import { buildNudgeMime, isPlainAddress, nudgeKeyHeader, nudgeMessageId, nudgeSenderSetting } from './nudge-mime.ts';

/** How the Gmail channel reaches the sender's mailbox. */
export interface GmailChannelOptions {
  /**
   * The Google APIs with a service account whose domain-wide delegation grants gmail.send and
   * gmail.metadata, e.g. `createGoogleApi({ serviceAccount, apiUrl })`.
   */
  api: GoogleApi;
  /** The Workspace user nudges are sent as, ATTUNE_NUDGE_SENDER (impersonated). */
  sender: string;
  /** How many of the sender's latest sent messages `wasDelivered` looks through; default 100. */
  lookback?: number;
  /** The clock of the Date header; default the system clock. */
  now?: () => Date;
}

/**
 * Nudges as e-mail from the sender's Gmail mailbox, the service account impersonating the sender.
 * `deliver` sends the shared nudge MIME message (Message-ID `<key@nudge.attune>`, see
 * buildNudgeMime) with `users.messages.send` (scope gmail.send). `wasDelivered` can't search
 * (`q` is refused under gmail.metadata, the narrowest scope that lists mail, which never sees a
 * body): it lists the sender's latest SENT messages and reads each one's Message-ID header
 * (`format: 'metadata'`). A revoked delegation is an AuthError naming GOOGLE_SERVICE_ACCOUNT_FILE; a
 * sender Google won't impersonate one naming ATTUNE_NUDGE_SENDER.
 */
export function createGmailChannel(options: GmailChannelOptions): NudgeChannel {
  const { api, lookback = 100, now = () => new Date() } = options;
  const sender = options.sender.trim().toLowerCase();
  if (!isPlainAddress(sender)) throw new ConfigError(`${nudgeSenderSetting} must be the e-mail address of the Workspace user nudges are sent as`, nudgeSenderSetting, 'google');

  /** Whether one listed message carries `messageId`; a message deleted since it was listed doesn't. */
  const carries = async (id: string, messageId: string): Promise<boolean> => {
    try {
      // Gmail may put a Message-ID of its own on a sent message; the X-Attune-Nudge header keeps ours either way.
      const message = await api.messageHeaders(sender, id, ['Message-ID', nudgeKeyHeader]);
      const names = ['message-id', nudgeKeyHeader.toLowerCase()];
      return (message.payload?.headers ?? []).some((h) => names.includes(h.name.toLowerCase()) && h.value.trim() === messageId);
    } catch (error) {
      if (error instanceof RecordGoneError) return false;
      throw error;
    }
  };

  return {
    kind: 'google',

    async checkAccess() {
      return { missing: await api.missingGmailScopes(sender) };
    },

    canReach(recipient) {
      return isPlainAddress(recipient.email);
    },

    async wasDelivered(key) {
      const messageId = nudgeMessageId(key);
      let pageToken: string | undefined;
      let seen = 0;
      do {
        const page = await api.sentPage(sender, pageToken, Math.min(lookback - seen, 100));
        const ids = (page.messages ?? []).map((m) => m.id);
        if ((await Promise.all(ids.map((id) => carries(id, messageId)))).some(Boolean)) return true;
        seen += ids.length;
        pageToken = ids.length > 0 ? page.nextPageToken : undefined;
      } while (pageToken !== undefined && seen < lookback);
      return false;
    },

    async deliver(key, recipient, message) {
      const mime = buildNudgeMime({ from: sender, to: recipient.email ?? '', key, message, date: now() });
      await api.sendMail(sender, Buffer.from(mime, 'utf8').toString('base64url'));
      // A recipient who can't receive bounces later, by mail: Gmail accepts the message either way.
      return 'sent';
    },
  };
}
