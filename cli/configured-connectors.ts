import type { SourceConnector } from '../connectors/source-connector.ts';
import { createSlackConnector } from '../connectors/slack/create-slack-connector.ts';
import type { Pseudonymize } from '../models/pseudonym.ts';
import type { Source } from '../models/source.ts';

/** How to reach each configured source; a source left out is not configured. */
export interface SourceSettings {
  slack?: { token: string; apiUrl: string | undefined; rateScale?: number };
}

/** Builds the connector of every configured source. */
export function createConnectors(settings: SourceSettings, pseudonymize: Pseudonymize): Partial<Record<Source, SourceConnector>> {
  const connectors: Partial<Record<Source, SourceConnector>> = {};
  if (settings.slack) {
    const { token, apiUrl, rateScale = 1 } = settings.slack;
    connectors.slack = createSlackConnector({
      token,
      apiUrl,
      pseudonymize,
      tierBudgets: { 2: 20 * rateScale, 3: 50 * rateScale, 4: 100 * rateScale },
    });
  }
  return connectors;
}
