import { execFileSync } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** A Temporal server for workflow tests, or why there is none. */
export type TemporalTestServer = { env: TestWorkflowEnvironment; reason: null } | { env: null; reason: string };

/** The `temporal` CLI on the PATH, if any. */
function temporalOnPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts (or connects to) a server: TEMPORAL_ADDRESS when set; else a dev server from the
 * `temporal` CLI at TEMPORAL_CLI_PATH or on the PATH; else the SDK's downloaded dev server.
 * When none can start (no binary and no network, as on the build machines), says why.
 */
export async function startTemporalTestServer(): Promise<TemporalTestServer> {
  const { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, TEMPORAL_CLI_PATH } = process.env;
  const cli = TEMPORAL_CLI_PATH || temporalOnPath();
  try {
    if (address) return { env: await TestWorkflowEnvironment.createFromExistingServer({ address, namespace }), reason: null };
    const server = cli ? { executable: { type: 'existing-path' as const, path: cli } } : {};
    return { env: await TestWorkflowEnvironment.createLocal({ server }), reason: null };
  } catch (error) {
    const tried = address ? `the server at TEMPORAL_ADDRESS=${address}` : cli ? `the temporal CLI at ${cli}` : "the SDK's dev server download (no TEMPORAL_CLI_PATH, no temporal on PATH, no TEMPORAL_ADDRESS)";
    return { env: null, reason: `no Temporal server: ${tried} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}
