import { AuthError } from '../../models/errors.ts';
import { microsoftSettings } from './microsoft-settings.ts';

/**
 * Graph answered 403: the app lacks the application permission `permission` (or admin consent for
 * it). An AuthError (it stops the source), naming the permission, so an access check can list each
 * one missing.
 */
export class GraphPermissionDeniedError extends AuthError {
  constructor(
    message: string,
    readonly permission: string,
  ) {
    super(message, microsoftSettings.clientId, 'microsoft');
  }
}
