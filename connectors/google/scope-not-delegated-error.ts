import { AuthError } from '../../models/errors.ts';
import { googleSettings } from './google-settings.ts';
import type { GoogleApiName } from './classify-google-error.ts';

/**
 * Google refused a token for one API's scope (`unauthorized_client`): domain-wide delegation does
 * not grant the service account's client id that scope. An AuthError (it stops the source), naming
 * the API, so an access check can say which scope is missing.
 */
export class ScopeNotDelegatedError extends AuthError {
  constructor(
    message: string,
    readonly api: GoogleApiName,
  ) {
    super(message, googleSettings.serviceAccountFile, 'google');
  }
}
