import { createGoogleApi } from '../connectors/google/google-api.ts';
import { GoogleServiceAccount } from '../connectors/google/wire/google-service-account.ts';
import { createGraphApi } from '../connectors/microsoft/graph-api.ts';
import { createGmailChannel } from '../connectors/nudge/gmail-channel.ts';
import { createGraphMailChannel } from '../connectors/nudge/graph-mail-channel.ts';
import type { NudgeChannel } from '../connectors/nudge/nudge-channel.ts';
import { createSlackDmChannel } from '../connectors/nudge/slack-dm-channel.ts';
import { nudgeRetry } from '../connectors/nudge/nudge-channel.ts';
import { createRetryPolicy } from '../connectors/http/retry-policy.ts';
import { createSlackApi } from '../connectors/slack/slack-api.ts';
import type { NudgeDeps } from '../activities/nudge-activities.ts';
import type { NudgeSettings } from './nudge-settings.ts';
import type { SourceSettings } from './source-settings.ts';

/**
 * The nudge delivery channels the configured sources allow, in order of preference: a Slack DM
 * (Slack configured), then e-mail from `sender` through Microsoft Graph (Microsoft 365
 * configured) or Gmail (Google Workspace configured). Without a sender, nudges go by Slack only.
 */
export function createNudgeChannels(settings: SourceSettings, sender: string | undefined): NudgeChannel[] {
  const scale = settings.rateScale;
  const channels: NudgeChannel[] = [];
  if (settings.slack) {
    channels.push(createSlackDmChannel({ api: createSlackApi({ ...settings.slack, tierBudgets: { 2: 20 * scale, 3: 50 * scale, 4: 100 * scale }, retry: nudgeRetry }) }));
  }
  if (sender && settings.microsoft) channels.push(createGraphMailChannel({ api: createGraphApi({ ...settings.microsoft, retry: nudgeRetry }), sender }));
  // A key that is not a service account's stops the Google source itself, naming the file; Gmail is then left out.
  const serviceAccount = GoogleServiceAccount.safeParse(settings.google?.serviceAccount);
  if (sender && settings.google && serviceAccount.success) {
    channels.push(createGmailChannel({ api: createGoogleApi({ serviceAccount: serviceAccount.data, apiUrl: settings.google.apiUrl, retry: createRetryPolicy(nudgeRetry) }), sender }));
  }
  return channels;
}

/** What the nudge activities work with, from the nudge settings and the sources; undefined when nudges are off (ATTUNE_NUDGES=off). */
export function createNudgeDeps(nudges: NudgeSettings, settings: SourceSettings, linkKey: Uint8Array): NudgeDeps | undefined {
  if (!nudges.enabled) return undefined;
  return { rules: nudges.rules, channels: createNudgeChannels(settings, nudges.sender), linkKey, publicUrl: nudges.publicUrl, linkDays: nudges.linkDays };
}
