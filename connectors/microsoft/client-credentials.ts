import { z } from 'zod';
import { AuthError, ConfigError, TransientError } from '../../models/errors.ts';
import type { GraphFetch } from './graph-fetch.ts';
import { microsoftSettings } from './microsoft-settings.ts';

/** Where and as whom to ask for an app-only Graph token. */
export interface ClientCredentialsOptions {
  /** `<login>/<tenant>/oauth2/v2.0/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  send: GraphFetch;
  now?: () => number;
}

/** An app-only access token, fetched when needed and reused until shortly before it expires. */
export interface ClientCredentials {
  token(): Promise<string>;
  /** Drops the cached token (after Graph refused it), so the next call asks again. */
  forget(): void;
}

const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const TokenFailure = z.object({ error: z.string().regex(/^[a-z_]{1,64}$/) });
const SCOPE = 'https://graph.microsoft.com/.default';
const MARGIN_MS = 120_000;

/**
 * The OAuth 2.0 client-credentials grant of the Microsoft identity platform
 * (`grant_type=client_credentials`, scope `https://graph.microsoft.com/.default`). Failures come out
 * of the taxonomy, naming the setting to fix; the secret and the token never appear in a message.
 */
export function createClientCredentials(options: ClientCredentialsOptions): ClientCredentials {
  const now = options.now ?? Date.now;
  let cached: { token: string; until: number } | null = null;
  let pending: Promise<string> | null = null;

  const request = async (): Promise<string> => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: SCOPE });
    let response: Response;
    try {
      response = await options.send(options.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    } catch {
      throw new TransientError('the Microsoft token endpoint could not be reached', 'microsoft');
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.ok) {
      const parsed = TokenAnswer.safeParse(json);
      if (!parsed.success) throw new ConfigError(`the token endpoint answered without a token: check ${microsoftSettings.loginUrl}`, microsoftSettings.loginUrl, 'microsoft');
      cached = { token: parsed.data.access_token, until: now() + parsed.data.expires_in * 1000 - MARGIN_MS };
      return parsed.data.access_token;
    }
    if (response.status >= 500 || response.status === 429) throw new TransientError(`the Microsoft token endpoint answered HTTP ${response.status}`, 'microsoft');
    const code = TokenFailure.safeParse(json).data?.error ?? null;
    throw tokenError(response.status, code);
  };

  return {
    token() {
      if (cached && cached.until > now()) return Promise.resolve(cached.token);
      pending ??= request().finally(() => {
        pending = null;
      });
      return pending;
    },
    forget() {
      cached = null;
    },
  };
}

function tokenError(status: number, code: string | null): AuthError | ConfigError {
  const { tenantId, clientId, clientSecret, loginUrl } = microsoftSettings;
  if (code === 'invalid_client' || status === 401) {
    return new AuthError(
      `Microsoft refused the app's client secret (${code ?? `HTTP ${status}`}): set ${clientSecret} to a current secret of the app registration, then run again`,
      clientSecret,
      'microsoft',
    );
  }
  if (code === 'unauthorized_client') return new AuthError(`Microsoft does not know the app: check ${clientId} (the app registration's application id)`, clientId, 'microsoft');
  if (code === 'invalid_request') return new ConfigError(`Microsoft could not find the tenant: check ${tenantId} (and ${loginUrl})`, tenantId, 'microsoft');
  return new ConfigError(`the Microsoft token endpoint refused the request (${code ?? `HTTP ${status}`}): check ${loginUrl} and ${tenantId}`, loginUrl, 'microsoft');
}
