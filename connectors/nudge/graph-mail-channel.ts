import { z } from 'zod';
import { ConfigError } from '../../models/errors.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import type { GraphApi, GraphCallInfo } from '../microsoft/graph-api.ts';
import type { NudgeChannel } from './nudge-channel.ts';
import { buildNudgeMime, isPlainAddress, nudgeMessageId, nudgeSenderSetting } from './nudge-mime.ts';

/** How the Graph mail channel reaches the sender's mailbox. */
export interface GraphMailChannelOptions {
  /** Graph with the app's client credentials (Mail.Send, Mail.ReadBasic.All), e.g. `createGraphApi({ tenantId, clientId, clientSecret })`. */
  api: GraphApi;
  /** The mailbox nudges are sent from, ATTUNE_NUDGE_SENDER (an Exchange Online mailbox of the tenant). */
  sender: string;
  /** The clock of the Date header; default the system clock. */
  now?: () => Date;
}

/** A Sent Items look-up answer, allow-listed to the ids. */
const SentItems = z.object({ value: z.array(z.object({ id: z.string() })) });

/** The application permissions nudges need: send from the sender's mailbox, and find a nudge in its Sent Items. */
const mailPermissions = ['Mail.Send', 'Mail.ReadBasic.All'];

/** A missing sender mailbox (404 from Graph, connector-internal) as a ConfigError naming ATTUNE_NUDGE_SENDER. */
function senderMissing(error: unknown): unknown {
  if (error instanceof StreamRefusedError || error instanceof RecordGoneError) {
    return new ConfigError(`Graph has no Exchange Online mailbox for the nudge sender: set ${nudgeSenderSetting} to a mailbox of the tenant`, nudgeSenderSetting, 'microsoft');
  }
  return error;
}

/**
 * Nudges as e-mail from the sender mailbox through Microsoft Graph. `deliver` sends the shared
 * nudge MIME message (Message-ID `<key@nudge.attune>`, see buildNudgeMime) base64-encoded as
 * `text/plain` to `POST /users/{sender}/sendMail` (202, saved to Sent Items). `wasDelivered` asks the
 * sender's Sent Items for that internetMessageId. A 403 is an AuthError naming MS_CLIENT_ID and the
 * permission to grant (Mail.Send, Mail.ReadBasic.All); a 401 one naming MS_CLIENT_SECRET.
 */
export function createGraphMailChannel(options: GraphMailChannelOptions): NudgeChannel {
  const { api, now = () => new Date() } = options;
  const sender = options.sender.trim().toLowerCase();
  if (!isPlainAddress(sender)) throw new ConfigError(`${nudgeSenderSetting} must be the e-mail address of the mailbox nudges are sent from`, nudgeSenderSetting, 'microsoft');
  const mailbox = `/users/${encodeURIComponent(sender)}`;
  const call = (what: string, permission: string): GraphCallInfo => ({ what, bucket: `mailbox:${sender}`, permission });

  return {
    kind: 'microsoft',

    async checkAccess() {
      const granted = await api.grantedRoles();
      return { missing: granted === null ? [] : mailPermissions.filter((permission) => !granted.includes(permission)) };
    },

    canReach(recipient) {
      return isPlainAddress(recipient.email);
    },

    async wasDelivered(key) {
      const filter = `internetMessageId eq '${nudgeMessageId(key)}'`;
      try {
        const found = await api.get(`${mailbox}/mailFolders/SentItems/messages?$filter=${encodeURIComponent(filter)}&$select=id`, SentItems, call('Sent Items look-up', 'Mail.ReadBasic.All'));
        return found.value.length > 0;
      } catch (error) {
        throw senderMissing(error);
      }
    },

    async deliver(key, recipient, message) {
      const mime = buildNudgeMime({ from: sender, to: recipient.email ?? '', key, message, date: now() });
      try {
        await api.post(`${mailbox}/sendMail`, { contentType: 'text/plain', content: Buffer.from(mime, 'utf8').toString('base64') }, call('sendMail', 'Mail.Send'));
        // A recipient who can't receive bounces later, by mail: Graph accepts the message either way.
        return 'sent';
      } catch (error) {
        throw senderMissing(error);
      }
    },
  };
}
