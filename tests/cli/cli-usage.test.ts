import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('the attune command line', () => {
  it('prints its version and its help on every command, on stdout, exit 0', async () => {
    const shown = await runCli(['--version'], {});
    expect([shown.code, shown.stdout.trim()]).toEqual([0, `attune ${version}`]);
    for (const args of [['--help'], ['help']]) {
      const help = await runCli(args, {});
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toContain('attune run ');
      expect(help.stdout).toContain('exit codes:');
    }
    for (const [args, line] of [
      [['run', '--help'], 'attune run --temporal'],
      [['query', '--help'], 'attune query "SQL"'],
      [['privacy', '--help'], 'attune privacy opt-out|opt-in'],
      [['help', 'serve'], 'attune serve [--host H]'],
      [['help', 'erase'], 'attune erase --email EMAIL | --requested'],
      [['erase', '--help'], 'attune erase --email EMAIL | --requested'],
    ] as const) {
      const help = await runCli([...args], {});
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toContain(line);
      expect(help.stdout).not.toContain('attune worker');
    }
  }, 240_000);

  it('answers an unknown command with the usage on stderr and exit 2', async () => {
    const wrong = await runCli(['frobnicate'], {});
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('usage:');
  }, 60_000);
});
