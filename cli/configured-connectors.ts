import { withRateLimitWaits } from '../connectors/http/count-rate-limit-waits.ts';
import { createGoogleConnector } from '../connectors/google/create-google-connector.ts';
import { createJiraConnector } from '../connectors/jira/create-jira-connector.ts';
import { createMicrosoftConnector } from '../connectors/microsoft/create-microsoft-connector.ts';
import { createSlackConnector } from '../connectors/slack/create-slack-connector.ts';
import type { SourceConnector } from '../connectors/source-connector.ts';
import type { Progress } from '../models/progress.ts';
import type { Pseudonymize } from '../models/pseudonym.ts';
import type { Source } from '../models/source.ts';
import type { SourceSettings } from './source-settings.ts';

/**
 * Builds the connector of every configured source. Each connector paces itself within its
 * vendor's limits: the documented ones (Slack's tiers, Google's and Graph's quotas), and Jira's,
 * which Atlassian does not publish, as each endpoint's first 429 names it; the simulators allow
 * `rateScale` times more. Each stream read reports its rate-limit waits (see
 * withRateLimitWaits), for the run records. `progress` hears what a connector leaves out and why (a free Slack plan's user groups).
 */
export function createConnectors(settings: SourceSettings, pseudonymize: Pseudonymize, progress?: Progress): Partial<Record<Source, SourceConnector>> {
  const scale = settings.rateScale;
  // Each connector makes its own retry policy from these numbers: one retry budget per source and run.
  const retry = settings.retry === undefined ? {} : { retry: settings.retry };
  const connectors: Partial<Record<Source, SourceConnector>> = {};
  if (settings.slack) {
    connectors.slack = createSlackConnector({ ...settings.slack, ...retry, pseudonymize, progress, tierBudgets: { 2: 20 * scale, 3: 50 * scale, 4: 100 * scale } });
  }
  if (settings.google) {
    connectors.google = createGoogleConnector({ ...settings.google, ...retry, pseudonymize, requestsPerMinute: { directory: 1200 * scale, calendar: 9500 * scale } });
  }
  if (settings.microsoft) {
    connectors.microsoft = createMicrosoftConnector({
      ...settings.microsoft,
      ...retry,
      pseudonymize,
      budgets: { directory: 2000 * scale, mailbox: 1000 * scale, teams: 1200 * scale },
    });
  }
  if (settings.jira) {
    // Atlassian publishes no limit for API-token traffic: the connector learns each endpoint's from the site's 429s.
    connectors.jira = createJiraConnector({ ...settings.jira, ...retry, pseudonymize });
  }
  for (const [source, connector] of Object.entries(connectors)) connectors[source as Source] = withRateLimitWaits(connector);
  return connectors;
}
