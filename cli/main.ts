import { parseArgs } from 'node:util';
import packageJson from '../package.json' with { type: 'json' };
import { AttuneError } from '../models/errors.ts';
import { loadTemporalConfig } from '../temporal.config.ts';
import { loadConfig } from './config.ts';
import { connectCommand } from './connect-command.ts';
import { connectTemporalClient } from './connect-temporal-client.ts';
import { withConnectionFile } from './connection-file.ts';
import { eraseCommand } from './erase-command.ts';
import { exportCommand } from './export-command.ts';
import { ingestKeyCommand } from './ingest-key.ts';
import { keysRotateCommand } from './keys-rotate-command.ts';
import { importSlackExportCommand } from './import-slack-export-command.ts';
import { personalLinkCommand } from './personal-data-commands.ts';
import { privacyCommand } from './privacy-command.ts';
import { queryCommand } from './query-command.ts';
import { reportCommand } from './report-command.ts';
import { runCommand } from './run-command.ts';
import { createRunProgress } from './run-progress.ts';
import { scheduleApplyCommand } from './schedule-command.ts';
import { serveCommand } from './serve-command.ts';
import { statusCommand } from './status-command.ts';
import { temporalRunCommand } from './temporal-run-command.ts';
import { defaultServeAddress } from './nudge-settings.ts';
import { workerCommand, type QueueName } from './worker-command.ts';

const usage = `usage:
  attune run              sync every configured source, compute features, release team aggregates
                          (no credentials configured: runs on the built-in simulated workspace)
  attune run --temporal   start one run on the Temporal workers and follow it to its end
  attune worker --queue ingest|store [--serve [--host H] [--port P]]
                          serve a Temporal task queue (repeat --queue to serve both in one process);
                          --serve: the store worker also serves people's pages (attune serve can't open its store)
  attune connect slack|jira|google|microsoft [--FLAG VALUE]…
                          (admins) check a source's credentials against its API now, name each missing scope or
                          permission, and keep them in ATTUNE_CONNECTION_FILE (default ~/.config/attune/connections.json,
                          0600) for every later command; flags or the environment: slack --bot-token [--api-url];
                          google --service-account-file --admin-email [--api-url]; microsoft --tenant-id --client-id
                          --client-secret [--graph-url --login-url]; jira --host --email --api-token [--identity-map]
  attune status [--temporal]
                          (admins) per source and stream kind: last sync, lag, quarantined; events; last runs, rate-limit
                          waits, errors and releases: counts only, never who; --temporal (or TEMPORAL_ADDRESS set): the
                          schedules, their last results and next runs
  attune schedule apply   create or update the hourly sync, daily run and weekly release schedules
  attune keys rotate      (admins) move to a new installation secret: every pseudonym and team id re-keyed, the vault re-sealed,
                          raw events re-read by the next run; with ATTUNE_PSEUDONYM_KEY, the new one from ATTUNE_NEW_PSEUDONYM_KEY
  attune keys ingest-key  (admins) print the key ingest workers take as ATTUNE_INGEST_KEY instead of the installation secret
  attune query "SQL"      query the analytics store (released team aggregates only), read-only
  attune export --format parquet|arrow --out DIR
                          write the released tables to DIR as Parquet or Arrow IPC files
  attune report --out FILE
                          write a self-contained HTML report (charts, explanations) of the released team aggregates
  attune serve [--host H] [--port P]
                          serve each person's own page and the nudges' Snooze and Stop (links and Slack buttons)
  attune link --email EMAIL
                          send a person a fresh link to their own page, in their own DM or mailbox (never printed)
  attune export-me --email EMAIL
                          send a person a link to download everything attune keeps about them (never shown here)
  attune privacy opt-out|opt-in --email EMAIL
                          (admins) leave a person out of team aggregates, or count them again, from the next release
  attune privacy nudges   (admins) nudges per rule and status, and pending erasure requests: counts only, never who
  attune erase --email EMAIL | --requested [--temporal]
                          (admins) erase one person, or everyone who asked on their own page, from the private store,
                          staging files and vault; prints counts only; released aggregates stay (README: Erasure)
  attune import slack-export PATH [--channels NAME,NAME | --all-public]
                          backfill Slack history from a Slack export (.zip or unpacked folder), without the API:
                          the channels named, every public one, or (by default) those the attune bot is in;
                          a choice made is recorded, and attune run reads the same channels
settings come from the environment: see README.md; attune COMMAND --help, attune --version
exit codes: 0 done, 2 usage or configuration, 3 partly done (the next run reads the rest), 4 nothing read, 1 anything else`;

/** attune's version, from package.json. */
const packageVersion: string = packageJson.version;

/** Runs one `attune` command line and returns its exit code; errors are reported on stderr, never thrown. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    process.stderr.write(`attune: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AttuneError && error.category === 'config' ? 2 : 1;
  }
}

/** The usage lines of one command (its line and the indented ones after it), or all of them when it has none of its own. */
function usageOf(command: string | undefined): string {
  const lines = usage.split('\n');
  const own = lines.flatMap((line, i) => {
    if (!line.startsWith(`  attune ${command} `) && line !== `  attune ${command}`) return [];
    const rest = lines.slice(i + 1);
    const end = rest.findIndex((next) => !/^ {6,}/.test(next));
    return [line, ...rest.slice(0, end < 0 ? rest.length : end)];
  });
  return command && own.length > 0 ? ['usage:', ...own, lines.at(-1)!].join('\n') : usage;
}

async function dispatch(argv: string[]): Promise<number> {
  const write = (text: string) => process.stdout.write(text);
  // Help and version before anything else, on every command: printed on stdout, exit 0.
  if (argv[0] === '--version' || argv[0] === '-v') {
    write(`attune ${packageVersion}\n`);
    return 0;
  }
  if (argv[0] === 'help' || argv[0] === undefined || argv.includes('--help') || argv.includes('-h')) {
    write(`${usageOf(argv[0] === 'help' ? argv[1] : argv.find((a) => !a.startsWith('-')))}\n`);
    return argv[0] === undefined ? 2 : 0;
  }
  // Every command reads the sources attune connect kept, the environment winning (see withConnectionFile).
  const env = await withConnectionFile(process.env);
  // These commands parse options of their own.
  if (argv[0] === 'connect') return connectCommand(argv.slice(1), env, write);
  if (argv[0] === 'export') return exportCommand(loadConfig(env).analyticsDir, argv.slice(1), write);
  if (argv[0] === 'report') return reportCommand(loadConfig(env).analyticsDir, argv.slice(1), write);
  if (argv[0] === 'privacy') return privacyCommand(loadConfig(env), argv.slice(1), write);
  if (argv[0] === 'erase') {
    const config = loadConfig(env);
    return eraseCommand(config, argv.slice(1), write, () => connectTemporalClient(loadTemporalConfig(process.env), config));
  }
  if (argv[0] === 'keys' && argv[1] === 'rotate' && argv.length === 2) return keysRotateCommand(loadConfig(env), env.ATTUNE_NEW_PSEUDONYM_KEY, write);
  if (argv[0] === 'keys' && argv[1] === 'ingest-key' && argv.length === 2) return ingestKeyCommand(loadConfig(env), write);
  if (argv[0] === 'status') {
    const config = loadConfig(env);
    const connect = () => connectTemporalClient(loadTemporalConfig(process.env), config);
    return statusCommand(config, argv.slice(1), write, { addressSet: Boolean(process.env.TEMPORAL_ADDRESS), connect });
  }
  if (argv[0] === 'import') return importSlackExportCommand(loadConfig(env), argv.slice(1), { out: write, progress: (line) => process.stderr.write(`${line}\n`) });
  if (argv[0] === 'serve') return serveCommand(loadConfig(env), argv.slice(1), process.env, (line) => process.stderr.write(`${line}\n`));
  if (argv[0] === 'link' || argv[0] === 'export-me') {
    const kind = argv[0] === 'link' ? 'page' : 'export';
    return personalLinkCommand(kind, loadConfig(env), argv.slice(1), write, (line) => process.stderr.write(`${line}\n`));
  }
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      temporal: { type: 'boolean', default: false },
      queue: { type: 'string', multiple: true, default: [] },
      serve: { type: 'boolean', default: false },
      host: { type: 'string', default: defaultServeAddress.host },
      port: { type: 'string', default: String(defaultServeAddress.port) },
    },
  });
  const [command, ...rest] = positionals;
  const config = loadConfig(env);
  const out = (text: string) => process.stdout.write(text);
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const queues = values.queue.filter((q): q is QueueName => q === 'ingest' || q === 'store');
  switch (command) {
    case 'run': {
      if (!values.temporal) {
        const streams = createRunProgress(process.stderr);
        return runCommand(config, { out, progress: streams.line, streams });
      }
      const temporal = loadTemporalConfig(process.env);
      return temporalRunCommand(await connectTemporalClient(temporal, config), config, temporal, { out, progress });
    }
    case 'worker':
      if (queues.length === 0 || queues.length !== values.queue.length) break;
      return workerCommand(config, loadTemporalConfig(process.env), queues, progress, values.serve ? { host: values.host, port: Number(values.port) } : null);
    case 'schedule': {
      if (rest.join(' ') !== 'apply') break;
      const temporal = loadTemporalConfig(process.env);
      return scheduleApplyCommand(await connectTemporalClient(temporal, config), config, temporal, out);
    }
    case 'query':
      if (rest.length !== 1) break;
      return queryCommand(config, rest[0] ?? '', out);
  }
  process.stderr.write(`${usage}\n`);
  return 2;
}

