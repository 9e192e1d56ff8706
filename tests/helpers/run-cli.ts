import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

/** A started `attune` process: the child itself, and how it ended, once it has. */
export interface StartedCli {
  child: ChildProcessWithoutNullStreams;
  result: Promise<CliResult>;
}

/**
 * Starts the real `attune` command in a child process with exactly the given environment (plus PATH,
 * and a connection file that does not exist unless the environment names one), for a test that
 * watches it as it goes (e.g. its stderr, line by line) or kills it.
 * A process still going after `timeoutMs` (default 6 minutes) is killed, and the result rejects
 * with the last of what it printed, so a hung command names where it stopped instead of running
 * into the test's own timeout silently.
 */
export function startCli(args: string[], env: Record<string, string>, { timeoutMs = 360_000 } = {}): StartedCli {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ATTUNE_CONNECTION_FILE: noConnectionFile, ...env } });
  const result = new Promise<CliResult>((resolve, reject) => {
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
  return { child, result };
}

/** Runs the real `attune` command to its end (see startCli). */
export function runCli(args: string[], env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, env, options).result;
}
