import type { Progress } from '../models/progress.ts';
import { generateOrganisation } from '../simulator/organisation/generate-organisation.ts';
import { startGoogleSimulator, type GoogleSimulator } from '../simulator/google/google-server.ts';
import { startJiraSimulator, type JiraSimulator } from '../simulator/jira/jira-server.ts';
import { startMicrosoftSimulator, type MicrosoftSimulator } from '../simulator/microsoft/microsoft-server.ts';
import { buildSlackWorkspace } from '../simulator/slack/slack-workspace.ts';
import { startSlackSimulator, type SlackSimulator } from '../simulator/slack/slack-server.ts';
import type { Config } from './config.ts';
import type { SourceSettings } from './source-settings.ts';

/** How much faster than the vendors' documented limits the embedded simulators let attune go. */
const demoRateScale = 200;

/** A few malformed records per source, to show the quarantine at work. */
const demoMalformed = 3;

/** The simulated workspace `attune run` uses when no source is configured: all four APIs on loopback, one organisation. */
export interface EmbeddedWorkspace {
  settings: SourceSettings;
  /** The four simulators, for a benchmark to read their request and 429 counts or move their clocks. */
  simulators: { slack: SlackSimulator; google: GoogleSimulator; microsoft: MicrosoftSimulator; jira: JiraSimulator };
  close(): Promise<void>;
}

/**
 * Generates the seeded demo organisation and starts a loopback server for each source from it,
 * so one person has the same email, time zone and habits in Slack, Google, Microsoft 365 and Jira.
 * The servers allow `rateScale` times the vendors' documented limits (the demo's 200 unless a
 * benchmark asks for the limits themselves, 1), and the settings pace the connectors to match.
 */
export async function startEmbeddedWorkspace(demo: Config['demo'], now: Date, progress: Progress, rateScale = demoRateScale): Promise<EmbeddedWorkspace> {
  const started = performance.now();
  const organisation = generateOrganisation({ seed: demo.seed, people: demo.people, weeks: demo.weeks, end: now });
  const options = { organisation, now, rateScale, malformed: demoMalformed };
  const token = 'xoxb-attune-embedded-simulator';
  const starting = [
    startSlackSimulator({ workspace: buildSlackWorkspace(organisation, { malformed: demoMalformed }), token, now, rateScale }),
    startGoogleSimulator(options),
    startMicrosoftSimulator(options),
    startJiraSimulator(options),
  ] as const;
  const settled = await Promise.allSettled(starting);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    // The simulators that did start would keep the process alive after the error is reported.
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    throw failed.reason;
  }
  const [slack, google, microsoft, jira] = await Promise.all(starting);
  progress(
    `simulator: ${demo.people} people over ${demo.weeks} weeks (seed ${demo.seed}); Slack, Google Workspace, Microsoft 365 and Jira ` +
      `APIs on loopback (${Math.round(performance.now() - started)} ms)`,
  );
  return {
    settings: {
      slack: { token, apiUrl: slack.url },
      google: { serviceAccount: google.credentials.serviceAccount, adminEmail: google.credentials.adminEmail, apiUrl: google.url },
      microsoft: {
        tenantId: microsoft.tenantId,
        clientId: microsoft.clientId,
        clientSecret: microsoft.clientSecret,
        graphUrl: microsoft.baseUrl,
        loginUrl: microsoft.loginUrl,
        ca: microsoft.ca,
      },
      jira: { host: jira.host, email: jira.email, apiToken: jira.apiToken, identityMap: undefined },
      rateScale,
    },
    simulators: { slack, google, microsoft, jira },
    close: async () => {
      await Promise.all([slack.close(), google.close(), microsoft.close(), jira.close()]);
    },
  };
}
