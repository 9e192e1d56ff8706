/**
 * The simulated workspace of `npm run bench -- run`, in a process of its own (forked by
 * run-benchmark.ts), so that the benchmark's time and memory are attune's and not the four
 * simulators'. Started with the workspace's size as JSON in argv[2]; answers its parent once with
 * the sources' settings (URLs, credentials, certificate: no person in them), then serves until the
 * parent disconnects.
 */
import { startEmbeddedWorkspace } from '../cli/embedded-workspace.ts';
import type { SourceSettings } from '../cli/source-settings.ts';

/** What the parent asks for: the demo organisation's size and seed, and the moment its history ends (ISO-8601). */
export interface SimulatedWorkspaceRequest {
  people: number;
  weeks: number;
  seed: number;
  now: string;
}

/** The one message the process sends its parent: how to reach the four simulators. */
export interface SimulatedWorkspaceReady {
  settings: SourceSettings;
}

const request = JSON.parse(process.argv[2] ?? '{}') as SimulatedWorkspaceRequest;
const progress = (line: string) => process.stderr.write(`${line}\n`);
const workspace = await startEmbeddedWorkspace({ people: request.people, weeks: request.weeks, seed: request.seed }, new Date(request.now), progress);
const ready: SimulatedWorkspaceReady = { settings: workspace.settings };
process.send?.(ready);
process.once('disconnect', () => void workspace.close());
