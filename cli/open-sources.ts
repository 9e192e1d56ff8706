import type { Progress } from '../models/progress.ts';
import { Source } from '../models/source.ts';
import type { Config } from './config.ts';
import { startEmbeddedWorkspace } from './embedded-workspace.ts';
import { loadSourceSettings, type SourceSettings } from './source-settings.ts';

/** The sources a process works with, and how to let go of them. */
export interface OpenSources {
  settings: SourceSettings;
  /** True when no source is configured and the built-in simulated workspace stands in. */
  simulated: boolean;
  close(): Promise<void>;
}

/**
 * The configured sources, or, when none is configured, the built-in simulated workspace for
 * all four. With only some configured, says which are not.
 */
export async function openSources(config: Config, now: Date, progress: Progress): Promise<OpenSources> {
  const configured = Object.keys(config.sources);
  if (configured.length === 0) {
    const embedded = await startEmbeddedWorkspace(config.demo, now, progress);
    return { settings: { ...embedded.settings, retry: config.retry }, simulated: true, close: () => embedded.close() };
  }
  const missing = Source.options.filter((source) => !configured.includes(source));
  if (missing.length > 0) progress(`not configured: ${missing.join(', ')} (see README, Configuration)`);
  return { settings: { ...(await loadSourceSettings(config.sources)), retry: config.retry }, simulated: false, close: async () => undefined };
}
