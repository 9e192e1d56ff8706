import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

/** A service account key file, as Google Cloud issues it (JSON). */
export interface GoogleServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
}

/** Who an access token acts as, and for what. */
export interface GoogleTokenGrant {
  subject: string;
  scopes: string[];
}

/** An OAuth answer: status and JSON body. */
export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

/** The simulated OAuth token endpoint of a service account with domain-wide delegation. */
export interface GoogleTokenService {
  key: GoogleServiceAccountKey;
  /** Handles a `POST /token` form (JWT bearer grant). */
  exchange(form: URLSearchParams): TokenResponse;
  /** The grant behind a bearer token, or null when it is unknown, expired or revoked. */
  resolve(accessToken: string | null): GoogleTokenGrant | null;
  /** Withdraws the delegation: no new tokens, and issued ones stop working. */
  revoke(): void;
}

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The scopes the simulated admin console delegates to the service account's client id unless told fewer. */
export const DELEGATED_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/gmail.metadata',
];
const TOKEN_SECONDS = 3599;

let keyPair: { privatePem: string; publicKey: KeyObject } | null = null;

/** One RSA key pair per process: generating one takes a while and tests start many simulators. */
function sharedKeyPair(): { privatePem: string; publicKey: KeyObject } {
  if (!keyPair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPair = { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
  }
  return keyPair;
}

function parsePart(part: string | undefined): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const oauthError = (status: number, error: string, description: string): TokenResponse => ({ status, body: { error, error_description: description } });

/**
 * A token endpoint that checks what Google checks for a delegated service account: an RS256 JWT
 * signed with the account's key, `iss` the account, `aud` the token URL, not expired, every scope
 * delegated, `sub` an active user of the domain. It mints opaque bearer tokens bound to the subject
 * and scopes, so the API endpoints know whose calendar "primary" is.
 */
export function createGoogleTokenService(options: { tokenUri: string; activeUsers: ReadonlySet<string>; domain: string; delegatedScopes?: readonly string[] }): GoogleTokenService {
  const delegated = new Set(options.delegatedScopes ?? DELEGATED_SCOPES);
  const { privatePem, publicKey } = sharedKeyPair();
  const clientEmail = `attune-reader@attune-sim.iam.gserviceaccount.com`;
  const key: GoogleServiceAccountKey = {
    type: 'service_account',
    project_id: 'attune-sim',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privatePem,
    client_email: clientEmail,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: options.tokenUri,
  };
  const tokens = new Map<string, GoogleTokenGrant & { expires: number }>();
  let revoked = false;

  return {
    key,
    exchange(form) {
      if (form.get('grant_type') !== JWT_BEARER) return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type.');
      const [h, p, s] = (form.get('assertion') ?? '').split('.');
      const header = parsePart(h);
      const claims = parsePart(p);
      if (!header || !claims || header.alg !== 'RS256' || !s) return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
      if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
      if (claims.iss !== clientEmail) return oauthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
      if (claims.aud !== GOOGLE_TOKEN_URL && claims.aud !== options.tokenUri) return oauthError(400, 'invalid_grant', 'Invalid JWT audience.');
      if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return oauthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
      const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
      if (revoked || scopes.length === 0 || scopes.some((scope) => !delegated.has(scope))) {
        return oauthError(401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
      }
      const subject = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : '';
      if (!subject.endsWith(`@${options.domain}`) || !options.activeUsers.has(subject)) return oauthError(400, 'invalid_grant', 'Invalid email or User ID');
      const accessToken = `ya29.sim-${randomBytes(24).toString('base64url')}`;
      tokens.set(accessToken, { subject, scopes, expires: Date.now() + TOKEN_SECONDS * 1000 });
      return { status: 200, body: { access_token: accessToken, expires_in: TOKEN_SECONDS, token_type: 'Bearer' } };
    },
    resolve(accessToken) {
      const grant = accessToken ? tokens.get(accessToken) : undefined;
      if (revoked || !grant || grant.expires < Date.now()) return null;
      return { subject: grant.subject, scopes: grant.scopes };
    },
    revoke() {
      revoked = true;
    },
  };
}
