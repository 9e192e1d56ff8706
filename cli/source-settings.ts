import { readFile } from 'node:fs/promises';
import { parseJiraIdentityMap } from '../connectors/jira/parse-jira-identity-map.ts';
import { ConfigError } from '../models/errors.ts';
import type { RetryPolicyOptions } from '../connectors/http/retry-policy.ts';
import type { ConfiguredSources } from './config.ts';

/** How to reach each source, ready for its connector; a source left out is not configured. */
export interface SourceSettings {
  /** `channels`: the channels an admin chose to read (see slackChannelSelection); absent, every channel the bot is in. */
  slack?: { token: string; apiUrl: string | undefined; channels?: ReadonlySet<string> | null };
  google?: { serviceAccount: unknown; adminEmail: string; apiUrl: string | undefined };
  microsoft?: { tenantId: string; clientId: string; clientSecret: string; graphUrl?: string; loginUrl?: string; tokenUrl?: string; ca?: string };
  jira?: { host: string; email: string; apiToken: string; identityMap: ReadonlyMap<string, string> | undefined };
  /** How many times faster than the vendors' documented limits the connectors may go: 1, except against the simulators. */
  rateScale: number;
  /** How the connectors retry transient failures; default createRetryPolicy()'s. */
  retry?: RetryPolicyOptions;
}

/** Reads a file a setting names; a ConfigError naming the setting when it can't. */
export async function readSettingFile(path: string, setting: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${setting}: can't read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, setting);
  }
}

/** Turns the configured sources into connector settings, reading the files they name (Google's key, Jira's identity map). */
export async function loadSourceSettings(sources: ConfiguredSources): Promise<SourceSettings> {
  const settings: SourceSettings = { rateScale: 1 };
  if (sources.slack) settings.slack = sources.slack;
  if (sources.microsoft) settings.microsoft = sources.microsoft;
  if (sources.google) {
    const text = await readSettingFile(sources.google.serviceAccountFile, 'GOOGLE_SERVICE_ACCOUNT_FILE');
    let serviceAccount: unknown;
    try {
      serviceAccount = JSON.parse(text);
    } catch {
      throw new ConfigError('GOOGLE_SERVICE_ACCOUNT_FILE is not a JSON key file: download the key of the service account again', 'GOOGLE_SERVICE_ACCOUNT_FILE');
    }
    settings.google = { serviceAccount, adminEmail: sources.google.adminEmail, apiUrl: sources.google.apiUrl };
  }
  if (sources.jira) {
    const { identityMapFile, ...jira } = sources.jira;
    const identityMap = identityMapFile ? parseJiraIdentityMap(await readSettingFile(identityMapFile, 'JIRA_IDENTITY_MAP')) : undefined;
    settings.jira = { ...jira, identityMap };
  }
  return settings;
}
