import { parseArgs } from 'node:util';
import { AttuneError } from '../models/errors.ts';
import { loadConfig } from './config.ts';
import { queryCommand } from './query-command.ts';
import { runCommand } from './run-command.ts';

const usage = `usage:
  attune run              sync every configured source, compute features, release team aggregates
                          (no credentials configured: runs on the built-in simulated workspace)
  attune query "SQL"      query the analytics store (released team aggregates only), read-only
settings come from the environment: see README.md`;

/** Runs one `attune` command line and returns its exit code; errors are reported on stderr, never thrown. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    process.stderr.write(`attune: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AttuneError && error.category === 'config' ? 2 : 1;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  const config = loadConfig(process.env);
  const out = (text: string) => process.stdout.write(text);
  switch (command) {
    case 'run':
      return runCommand(config, { out, progress: (line) => process.stderr.write(`${line}\n`) });
    case 'query':
      if (rest.length !== 1) break;
      return queryCommand(config.dataDir, rest[0] ?? '', out);
  }
  process.stderr.write(`${usage}\n`);
  return 2;
}

