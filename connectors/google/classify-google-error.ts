import { z } from 'zod';
import { AttuneError, AuthError, ConfigError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { parseRetryAfter } from '../http/retry-policy.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import { nudgeSenderSetting } from '../nudge/nudge-mime.ts';
import { googleSettings } from './google-settings.ts';
import { ScopeNotDelegatedError } from './scope-not-delegated-error.ts';
import { SyncTokenExpiredError } from './sync-token-expired-error.ts';

/** Which API a failed call was for: it decides which setting an auth failure points at. */
export type GoogleApiName = 'directory' | 'calendar' | 'gmail';

/** The parts of a GaxiosError (or any fetch-like failure) the classification reads. */
const Failure = z.object({
  config: z.unknown().optional(),
  response: z.object({ status: z.number(), headers: z.unknown().optional(), data: z.unknown().optional() }).optional(),
});
/** Google API error body: `{ error: { code, errors: [{ reason }] } }`. */
const ApiBody = z.object({ error: z.object({ errors: z.array(z.object({ reason: z.string() })).optional() }) });
/** OAuth token endpoint error body: `{ error: 'invalid_grant', error_description }`. */
const OAuthBody = z.object({ error: z.string(), error_description: z.string().optional() });

const rateReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const keyFile = googleSettings.serviceAccountFile;
const admin = googleSettings.adminEmail;
const apiUrl = googleSettings.apiUrl;
/** The scopes domain-wide delegation must grant for each API, named when Google refuses tokens. */
const delegatedScopes: Record<GoogleApiName, string> = {
  directory: 'calendar.readonly and admin.directory.user.readonly',
  calendar: 'calendar.readonly and admin.directory.user.readonly',
  gmail: 'gmail.send and gmail.metadata',
};

function retryAfterMs(headers: unknown): number | null {
  return parseRetryAfter(headers && typeof (headers as Headers).get === 'function' ? (headers as Headers).get('retry-after') : null);
}

/** A reason or code is camelCase or snake_case; anything else (an HTML body, say) is not repeated. */
function safe(code: string | undefined): string {
  return code && /^[A-Za-z_]{1,64}$/.test(code) ? code : 'unrecognised error';
}

function tokenFailure(body: z.infer<typeof OAuthBody>, api: GoogleApiName): Error {
  if (body.error === 'invalid_grant' && body.error_description === 'Invalid email or User ID') {
    if (api === 'calendar') return new StreamRefusedError('access_denied');
    if (api === 'gmail') return new AuthError(`Google refused to impersonate the nudge sender (invalid_grant): set ${nudgeSenderSetting} to an active user's address`, nudgeSenderSetting, 'google');
    return new AuthError(`Google refused to impersonate the Directory administrator (invalid_grant): set ${admin} to an active super administrator's address`, admin, 'google');
  }
  if (body.error === 'unauthorized_client') {
    return new ScopeNotDelegatedError(
      `Google refused a ${api} token for the service account (unauthorized_client): grant its client id ${delegatedScopes[api]} in domain-wide delegation (${keyFile})`,
      api,
    );
  }
  return new AuthError(
    `Google refused to issue tokens for the service account (${safe(body.error)}): check that ${keyFile} holds a current key and that domain-wide delegation grants ${delegatedScopes[api]} to its client id`,
    keyFile,
    'google',
  );
}

function apiFailure(status: number, reason: string | undefined, api: GoogleApiName, headers: unknown, backoffMs: number): Error {
  if (status === 429 || (status === 403 && reason !== undefined && rateReasons.has(reason))) {
    return new RateLimitedError(`Google ${api} throttled the request (${status} ${safe(reason)})`, retryAfterMs(headers) ?? backoffMs, 'google');
  }
  if (status === 410 && reason === 'fullSyncRequired') return new SyncTokenExpiredError();
  if (status === 401) {
    return new AuthError(`Google refused the access token (401 ${safe(reason)}): check ${keyFile} and the service account's domain-wide delegation`, keyFile, 'google');
  }
  if (status === 403 && api === 'directory' && reason !== 'insufficientPermissions') {
    return new AuthError(`Google refused the Directory read (403 ${safe(reason)}): set ${admin} to a super administrator's address`, admin, 'google');
  }
  if (status === 403) {
    return new AuthError(`Google refused the ${api} request (403 ${safe(reason)}): grant the service account's client id ${delegatedScopes[api]} in domain-wide delegation (${keyFile})`, keyFile, 'google');
  }
  if (status === 404 && api === 'calendar') return new StreamRefusedError('access_denied');
  if (status === 404 && api === 'gmail') return new RecordGoneError('a Gmail message');
  if (status >= 500 || status === 408) return new TransientError(`Google ${api} answered HTTP ${status}`, 'google', { retryAfterMs: retryAfterMs(headers) });
  return new ConfigError(`Google ${api} refused the request (HTTP ${status} ${safe(reason)}): check ${apiUrl}`, apiUrl, 'google');
}

/**
 * Translates whatever a Google call threw (GaxiosError from an API call or from the token
 * endpoint, network failures, key-signing failures) into the taxonomy of models/errors.ts, or into
 * the connector-internal `SyncTokenExpiredError` (410 fullSyncRequired), `StreamRefusedError`
 * (a calendar that is gone) and `RecordGoneError` (a Gmail message that is gone). A Gmail sender
 * Google won't impersonate is an AuthError naming ATTUNE_NUDGE_SENDER. 403 rateLimitExceeded/userRateLimitExceeded and 429 become
 * RateLimitedError after Retry-After when sent, else after `backoffMs`. Messages carry the API,
 * the status and Google's reason only: never addresses, ids or tokens.
 */
export function classifyGoogleError(error: unknown, api: GoogleApiName, backoffMs: number): Error {
  if (error instanceof AttuneError || error instanceof SyncTokenExpiredError || error instanceof StreamRefusedError || error instanceof RecordGoneError) return error;
  const failure = Failure.safeParse(error);
  if (!failure.success || (failure.data.config === undefined && failure.data.response === undefined)) {
    return new ConfigError(`the Google service account key could not be used: check ${keyFile}`, keyFile, 'google');
  }
  const response = failure.data.response;
  // gaxios retries a request that got no answer (reset, timeout) itself, under the run's retry policy.
  if (!response) return new TransientError(`Google ${api} could not be reached`, 'google', { retriedByClient: true });
  const oauth = OAuthBody.safeParse(response.data);
  if (oauth.success) return tokenFailure(oauth.data, api);
  const reason = ApiBody.safeParse(response.data).data?.error.errors?.[0]?.reason;
  return apiFailure(response.status, reason, api, response.headers, backoffMs);
}
