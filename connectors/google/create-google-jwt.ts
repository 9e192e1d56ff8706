import { auth } from '@googleapis/calendar';
import type { GoogleServiceAccount } from './wire/google-service-account.ts';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** A JWT client of the service account, as the googleapis clients take it. */
export type GoogleJwt = InstanceType<typeof auth.JWT>;

/**
 * A JWT client of the service account impersonating `subject` (domain-wide delegation) for one
 * scope. The key file's `token_uri` is honoured: when it is not Google's own (a simulator, a
 * private endpoint), token requests go there. The client caches its token until it expires.
 */
export function createGoogleJwt(key: GoogleServiceAccount, subject: string, scope: string): GoogleJwt {
  const jwt = new auth.JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [scope], subject });
  const tokenUri = key.token_uri;
  if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
    jwt.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (config.url.toString() === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
        return config;
      },
    });
  }
  return jwt;
}
