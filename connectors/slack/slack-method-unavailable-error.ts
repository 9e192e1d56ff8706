import { ConfigError } from '../../models/errors.ts';
import type { SlackMethod } from './slack-tiers.ts';

/** The Slack error codes that say a workspace does not offer a method at all. */
export type SlackUnavailableCode = 'plan_upgrade_required' | 'unknown_method';

/**
 * A Slack method this workspace does not offer: `plan_upgrade_required` (e.g. user groups on a
 * free plan) or `unknown_method`. A ConfigError, so a required read stops the source as any other;
 * an optional read (user groups) catches it and goes on without.
 */
export class SlackMethodUnavailableError extends ConfigError {
  constructor(
    method: SlackMethod,
    readonly code: SlackUnavailableCode,
  ) {
    super(`Slack ${method} is not available on this workspace (${code})`, 'SLACK_BOT_TOKEN', 'slack');
  }
}
