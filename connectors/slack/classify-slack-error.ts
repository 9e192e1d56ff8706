import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { z } from 'zod';
import { AttuneError, AuthError, ConfigError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { parseRetryAfter } from '../http/retry-policy.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import { SlackMethodUnavailableError } from './slack-method-unavailable-error.ts';
import type { SlackMethod } from './slack-tiers.ts';

const tokenSetting = 'SLACK_BOT_TOKEN';
const apiUrlSetting = 'SLACK_API_URL';
const authCodes = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);
const transientCodes = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** The scopes a `missing_scope` answer says are needed, e.g. `users:read.email`. */
const NeededScopes = z.object({ needed: z.string().regex(/^[a-z:.,_]+$/) });
/** Used when Slack says "ratelimited" without a Retry-After. */
const defaultRetryAfterMs = 60_000;

/**
 * Translates whatever a Slack call threw into the taxonomy of models/errors.ts, or into the
 * connector-internal `StreamRefusedError` (`not_in_channel`, `channel_not_found`) or
 * `RecordGoneError` (`thread_not_found`; `user_not_found`, `user_disabled`, `cannot_dm_bot`), and a method the
 * workspace does not offer (`plan_upgrade_required`, `unknown_method`) into a SlackMethodUnavailableError.
 * Messages carry the method and Slack's error code only: never content, ids or the token.
 */
export function classifySlackError(error: unknown, method: SlackMethod): Error {
  if (error instanceof AttuneError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new RateLimitedError(`Slack rate-limited ${method}`, error.retryAfter * 1000, 'slack');
  }
  // The client's own retries (see createSlackWebClient) are spent on network failures and on 5xx naming no Retry-After.
  if (error instanceof WebAPIRequestError) {
    return new TransientError(`Slack ${method} failed on the network`, 'slack', { retriedByClient: true });
  }
  if (error instanceof WebAPIHTTPError) return classifyHttpStatus(error.statusCode, parseRetryAfter(error.headers['retry-after']), method);
  if (error instanceof WebAPIPlatformError) return classifyPlatformCode(error.data, method);
  // Anything else is the client choking on a body that is no Web API response; its message may quote that body.
  return new ConfigError(`Slack ${method} answered with something that is not a Web API response: check ${apiUrlSetting}`, apiUrlSetting, 'slack');
}

function classifyHttpStatus(status: number, retryAfterMs: number | null, method: SlackMethod): AttuneError {
  if (status >= 500 || status === 408) return new TransientError(`Slack ${method} answered HTTP ${status}`, 'slack', { retryAfterMs, retriedByClient: retryAfterMs === null });
  return new ConfigError(
    `Slack ${method} answered HTTP ${status}: check ${apiUrlSetting} (it must end with /api/) and ${tokenSetting}`,
    apiUrlSetting,
    'slack',
  );
}

function classifyPlatformCode(data: WebAPIPlatformError['data'], method: SlackMethod): Error {
  const code = data.error;
  if (code === 'not_in_channel') return new StreamRefusedError('not_in_channel');
  if (code === 'channel_not_found') return new StreamRefusedError('access_denied');
  if (code === 'thread_not_found') return new RecordGoneError('a Slack thread');
  if (code === 'user_not_found' || code === 'user_disabled' || code === 'cannot_dm_bot') return new RecordGoneError('a Slack user');
  if (code === 'plan_upgrade_required' || code === 'unknown_method') return new SlackMethodUnavailableError(method, code);
  if (authCodes.has(code)) {
    return new AuthError(
      `Slack refused the bot token (${code}): set ${tokenSetting} to a valid bot token (xoxb-…) of an installed, active app, then run again`,
      tokenSetting,
      'slack',
    );
  }
  if (code === 'missing_scope') {
    const needed = NeededScopes.safeParse(data).data?.needed ?? 'a scope';
    return new ConfigError(
      `Slack ${method} needs the ${needed} scope: add it to the app's bot token scopes, reinstall the app and update ${tokenSetting}`,
      tokenSetting,
      'slack',
    );
  }
  if (code === 'ratelimited') {
    const retryAfter = data.response_metadata?.retryAfter;
    return new RateLimitedError(`Slack rate-limited ${method}`, typeof retryAfter === 'number' ? retryAfter * 1000 : defaultRetryAfterMs, 'slack');
  }
  if (transientCodes.has(code)) return new TransientError(`Slack ${method} failed (${code})`, 'slack');
  return new ConfigError(`Slack ${method} refused the request (${safeCode(code)})`, tokenSetting, 'slack');
}

/** A Slack error code is snake_case; anything else (e.g. an HTML body the client took for one) is not repeated. */
function safeCode(code: string): string {
  return /^[a-z_]{1,64}$/.test(code) ? code : 'unrecognised error';
}
