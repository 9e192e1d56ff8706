import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a Slack request's timestamp may be from now: Slack's own advice, 5 minutes. */
export const slackRequestMaxAgeSeconds = 300;

/** Why a request claiming to come from Slack was refused, or null when it is genuine and fresh. */
export type SlackRequestProblem = 'missing' | 'stale' | 'forged' | null;

/**
 * Checks Slack's request signature (`X-Slack-Signature: v0=<hex HMAC-SHA-256 of "v0:<ts>:<raw body>">`
 * under the app's signing secret, `X-Slack-Request-Timestamp` within 5 minutes of `now`).
 */
export function checkSlackRequest(secret: string, headers: { timestamp?: string; signature?: string }, rawBody: string, now: Date): SlackRequestProblem {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > slackRequestMaxAgeSeconds) return 'stale';
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'forged';
}
