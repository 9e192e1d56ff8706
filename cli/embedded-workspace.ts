import type { Config } from './config.ts';
import type { Progress } from '../models/progress.ts';
import { generateOrganisation } from '../simulator/organisation/generate-organisation.ts';
import { buildSlackWorkspace } from '../simulator/slack/slack-workspace.ts';
import { startSlackSimulator } from '../simulator/slack/slack-server.ts';

/** How much faster than Slack's documented tiers the embedded simulator lets attune go. */
const demoRateScale = 200;

/** The simulated workspace `attune run` uses when no credentials are configured, served on loopback. */
export interface EmbeddedWorkspace {
  slack: { token: string; apiUrl: string; rateScale: number };
  close(): Promise<void>;
}

/** Generates the seeded demo organisation (with a few malformed messages, to show the quarantine at work) and starts its loopback Slack API. */
export async function startEmbeddedWorkspace(demo: Config['demo'], now: Date, progress: Progress): Promise<EmbeddedWorkspace> {
  const started = performance.now();
  const organisation = generateOrganisation({ seed: demo.seed, people: demo.people, weeks: demo.weeks, end: now });
  const token = 'xoxb-attune-embedded-simulator';
  const server = await startSlackSimulator({ workspace: buildSlackWorkspace(organisation, { malformed: 3 }), token, now, rateScale: demoRateScale });
  progress(
    `simulator: ${demo.people} people over ${demo.weeks} weeks (seed ${demo.seed}), Slack API on ${server.url} ` +
      `(${Math.round(performance.now() - started)} ms)`,
  );
  return { slack: { token, apiUrl: server.url, rateScale: demoRateScale }, close: () => server.close() };
}
