import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { AttuneError, AuthError, ConfigError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { parseRetryAfter } from '../http/retry-policy.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import { GraphPermissionDeniedError } from './graph-permission-denied-error.ts';
import { microsoftSettings } from './microsoft-settings.ts';
import { SyncStateGoneError } from './sync-state-gone-error.ts';

/** Used when Graph throttles without a Retry-After. */
const defaultRetryAfterMs = 10_000;
const mailboxMissing = new Set(['MailboxNotEnabledForRESTAPI', 'ErrorMailboxNotEnabledForRESTAPI', 'ErrorNonExistentMailbox']);

/** The statuses the client's RetryHandler retries itself (see createGraphClient). */
const retriedByHandler = new Set([503, 504]);

/** A Graph error code is an identifier; anything else is not repeated. */
function safeCode(code: string | null): string {
  return code !== null && /^[A-Za-z_.]{1,64}$/.test(code) ? code : 'no code';
}

/** The application permissions the Microsoft source reads with, named when Graph denies a read. */
const readPermissions = 'User.Read.All, MailboxSettings.Read, Calendars.ReadBasic, Chat.Read.All';

/**
 * Translates whatever a Graph call threw into the taxonomy of models/errors.ts, or into the
 * connector-internal `StreamRefusedError` (no Exchange mailbox), `RecordGoneError` (404, e.g. no
 * manager) and `SyncStateGoneError` (410). Messages carry what was called (a label, never a
 * path with ids), the status and Graph's error code only; a 403 names `permission` (default the
 * source's read permissions) as what to grant.
 */
export function classifyGraphError(error: unknown, what: string, permission: string = readPermissions): Error {
  if (error instanceof AttuneError || error instanceof StreamRefusedError) return error;
  if (error instanceof GraphClientError) return new ConfigError(`the Graph client refused ${what}: check ${microsoftSettings.graphUrl}`, microsoftSettings.graphUrl, 'microsoft');
  if (!(error instanceof GraphError)) return new TransientError(`Graph ${what} failed`, 'microsoft');
  const { statusCode: status, code } = error;
  const retryAfterMs = parseRetryAfter(error.headers?.get('retry-after'));
  if (status === 429) return new RateLimitedError(`Graph throttled ${what}`, retryAfterMs ?? defaultRetryAfterMs, 'microsoft');
  if (status === 401) {
    return new AuthError(
      `Graph refused the app's token for ${what} (${safeCode(code)}): set ${microsoftSettings.clientSecret} to a current secret of the app registration, then run again`,
      microsoftSettings.clientSecret,
      'microsoft',
    );
  }
  if (status === 403) {
    return new GraphPermissionDeniedError(
      `Graph denied ${what} (${safeCode(code)}): grant admin consent for the app's application permissions (${permission}) to the app in ${microsoftSettings.clientId}`,
      permission,
    );
  }
  if (status === 404 && code !== null && mailboxMissing.has(code)) return new StreamRefusedError('access_denied');
  if (status === 404) return new RecordGoneError(`a Graph ${what} resource`);
  if (status === 410) return new SyncStateGoneError();
  if (status === -1 || status === 408 || status >= 500) {
    const failed = status === -1 ? 'got no answer' : `answered HTTP ${status}`;
    return new TransientError(`Graph ${what} ${failed}`, 'microsoft', { retryAfterMs, retriedByClient: retriedByHandler.has(status) });
  }
  return new ConfigError(`Graph refused ${what} (HTTP ${status}, ${safeCode(code)}): check ${microsoftSettings.graphUrl}`, microsoftSettings.graphUrl, 'microsoft');
}
