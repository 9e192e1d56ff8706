import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../cli/attune.js', import.meta.url));
/** A connection file no test writes: a developer's own `attune connect` never points a test at a real workspace. */
const noConnectionFile = join(tmpdir(), 'attune-tests-no-connections.json');

/** What one `attune` process printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `attune` command in a child process with exactly the given environment (plus PATH,
 * and a connection file that does not exist unless the environment names one).
 * A process still going after `timeoutMs` (default 6 minutes) is killed, and the promise rejects
 * with the last of what it printed, so a hung command names where it stopped instead of running
 * into the test's own timeout silently.
 */
export function runCli(args: string[], env: Record<string, string>, { timeoutMs = 360_000 } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ATTUNE_CONNECTION_FILE: noConnectionFile, ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`attune ${args.join(' ')} did not end within ${timeoutMs / 1000} s; killed. Its last output:\n${stderr.slice(-3000)}\n${stdout.slice(-1000)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
