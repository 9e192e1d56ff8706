import type { NudgeChannelKind, NudgeMessage, NudgeRecipient } from '../../models/nudge.ts';
import type { RetryPolicyOptions } from '../http/retry-policy.ts';
import type { AccessCheck } from '../source-connector.ts';

/**
 * One way of delivering a nudge to the affected person only: a Slack DM, or an e-mail from the
 * configured sender mailbox. Every message carries its idempotency key (Slack message metadata,
 * an e-mail's Message-ID), so a send whose outcome was lost (a crash between sending and marking
 * sent) can be looked up before trying again. Methods throw only errors of models/errors.ts:
 * AuthError naming the setting to fix when the vendor refuses (revoked token, 403), RateLimitedError,
 * TransientError for 5xx and timeouts.
 */
export interface NudgeChannel {
  readonly kind: NudgeChannelKind;
  /** Whether this channel can address the recipient at all (a Slack user id, an e-mail address). */
  canReach(recipient: NudgeRecipient): boolean;
  /** Whether a message carrying `key` already reached the recipient (looked up at the vendor). */
  wasDelivered(key: string, recipient: NudgeRecipient): Promise<boolean>;
  /**
   * Sends the message, tagged with `key`, to the recipient alone: 'sent', or 'unreachable' when
   * the vendor says this one person can't be written to (a deactivated Slack user, say), which
   * stops nothing else.
   */
  deliver(key: string, recipient: NudgeRecipient, message: NudgeMessage): Promise<'sent' | 'unreachable'>;
  /**
   * What the credentials lack to deliver and look up nudges, each scope as the vendor names it,
   * checked without sending anything. Absent where the vendor offers no such check.
   */
  checkAccess?(): Promise<AccessCheck>;
}

/**
 * The retry policy of a nudge channel's API: one attempt per request. A send retried inside the
 * client after a timeout or a 5xx that the vendor had in fact processed would be a second message;
 * the outbox retries instead, later, and looks the message up first.
 */
export const nudgeRetry: RetryPolicyOptions = { attemptsPerRequest: 1 };
