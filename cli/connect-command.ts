import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { Source } from '../models/source.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { failureOf, stopsSource } from '../workflows/sync-source.ts';
import { loadConfig, requiredSettings } from './config.ts';
import { createConnectors } from './configured-connectors.ts';
import { checkConnectionFileOutside, connectionFilePath, saveConnection, sourceVariables } from './connection-file.ts';
import { createNudgeChannels } from './nudge-channels.ts';
import { loadNudgeSettings } from './nudge-settings.ts';
import { loadSourceSettings, type SourceSettings } from './source-settings.ts';

/** The variables whose values are credentials: never printed, not even in part. */
const secretVariables = new Set(['SLACK_BOT_TOKEN', 'MS_CLIENT_SECRET', 'JIRA_API_TOKEN']);

/** What each source checks, and where an admin grants what is missing. */
const sourceGuide: Record<Source, { checks: string; grant: string }> = {
  slack: {
    checks: 'auth.test, the token scopes Slack lists',
    grant: "add them under the app's OAuth & Permissions, Bot Token Scopes, reinstall the app to the workspace (use the token it then shows)",
  },
  google: {
    checks: "a Directory users.list of one user as the administrator, the administrator's Calendar settings",
    grant: "add them to the service account's client id in the Admin console (Security, Access and data control, API controls, Domain-wide delegation)",
  },
  microsoft: {
    checks: "a Graph /users read of one user, that user's mailbox settings, calendar and chats",
    grant: "add them as Microsoft Graph application permissions of the app registration (API permissions) and grant admin consent",
  },
  jira: {
    checks: 'myself, mypermissions',
    grant: 'grant the account of JIRA_EMAIL these permissions (Browse users and groups is a global permission; Browse projects is in the projects\' permission schemes)',
  },
};

/** The flag a variable is set with on the command line: its name without the source's prefix, e.g. SLACK_BOT_TOKEN → --bot-token. */
function flagOf(variable: string): string {
  return variable.slice(variable.indexOf('_') + 1).toLowerCase().replaceAll('_', '-');
}

/** The flags of `attune connect SOURCE`, one per variable; a wrong one is a usage error (exit 2). */
function parseConnectArgs(source: Source, args: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, strict: true, allowPositionals: true, options: Object.fromEntries(sourceVariables[source].map((variable) => [flagOf(variable), { type: 'string' as const }])) });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}: see attune connect --help`, 'source');
  }
}

/** How a value is shown: a credential only as set, everything else as it is. */
function shown(variable: string, value: string): string {
  return secretVariables.has(variable) ? `set (${value.length} characters, not shown)` : value;
}

/**
 * What the source's credentials lack to deliver nudges, each marked as for nudges: checked only when
 * nudges are on and go through this source (a Slack DM; e-mail only with ATTUNE_NUDGE_SENDER), and
 * only where the channel can be checked without sending (see NudgeChannel.checkAccess).
 */
async function missingForNudges(source: Source, env: Record<string, string | undefined>, settings: SourceSettings): Promise<string[]> {
  const nudges = await loadNudgeSettings(env);
  if (!nudges.enabled) return [];
  const channels = createNudgeChannels(settings, nudges.sender).filter((channel) => channel.kind === source);
  const checks = await Promise.all(channels.map((channel) => channel.checkAccess?.() ?? { missing: [] }));
  return checks.flatMap((check) => check.missing.map((scope) => `${scope} (to send nudges; or set ATTUNE_NUDGES=off)`));
}

/**
 * `attune connect slack|jira|google|microsoft [--FLAG VALUE]…`: takes the source's settings from
 * the flags, else the environment (`env`, the connection file's values included), verifies them
 * against the API at once (the connector's access check, and the nudge channel's when nudges go
 * through this source), names each scope or permission the credentials lack and what to do, and, when nothing is missing, keeps them in the connection file
 * (see saveConnection) for every later command. Prints no credential. Returns 0 when connected, 2
 * when the settings or credentials are wrong or short of a scope, 1 when the API could not be reached.
 */
export async function connectCommand(argv: string[], env: Record<string, string | undefined>, write: (text: string) => void): Promise<number> {
  const [name, ...rest] = argv;
  const source = Source.safeParse(name);
  if (!source.success) throw new ConfigError(`attune connect needs a source: slack, jira, google or microsoft`, 'source');
  const variables = sourceVariables[source.data];
  const { values, positionals } = parseConnectArgs(source.data, rest);
  if (positionals.length > 0) throw new ConfigError(`attune connect ${source.data} takes flags only, not ${positionals.join(' ')}`, 'source');
  const chosen = Object.fromEntries(
    variables.flatMap((variable) => {
      const value = (values[flagOf(variable)] as string | undefined) ?? env[variable];
      return value?.trim() ? [[variable, value.trim()]] : [];
    }),
  );
  const required = requiredSettings[source.data];
  if (Object.keys(chosen).length === 0) {
    throw new ConfigError(`attune connect ${source.data} needs ${required.map((v) => `--${flagOf(v)} (or ${v})`).join(', ')}`, required[0] ?? 'source');
  }
  // The rest of the environment as every command reads it (data directory, retries), this source's variables as chosen.
  const config = loadConfig({ ...env, ...Object.fromEntries(variables.map((variable) => [variable, chosen[variable]])) });
  const settings = { ...(await loadSourceSettings({ [source.data]: config.sources[source.data] })), retry: config.retry };
  const connector = createConnectors(settings, createPseudonymizer(randomBytes(32)))[source.data];
  if (!connector) throw new ConfigError(`attune connect ${source.data} needs ${required.join(', ')}`, required[0] ?? 'source');

  const path = connectionFilePath(env);
  checkConnectionFileOutside(path, config.dataDir);
  const guide = sourceGuide[source.data];
  write(`${source.data}: checking ${guide.checks}\n`);
  let missing: string[];
  try {
    ({ missing } = await connector.checkAccess());
    missing = [...missing, ...(await missingForNudges(source.data, env, settings))];
  } catch (error) {
    const failure = failureOf(error);
    if (!stopsSource(failure)) {
      write(`${source.data}: could not be reached (${failure.message}): nothing saved; try again in a while\n`);
      return 1;
    }
    write(`${source.data}: refused: ${failure.message}\nnothing saved\n`);
    return 2;
  }
  if (missing.length > 0) {
    write(`${source.data}: the credentials work but lack ${missing.length === 1 ? 'one scope or permission' : `${missing.length} scopes or permissions`}:\n`);
    for (const what of missing) write(`  missing: ${what}\n`);
    write(`${guide.grant}, then run attune connect ${source.data} again; nothing saved\n`);
    return 2;
  }
  await saveConnection(path, source.data, chosen);
  write(`${source.data}: connected\n`);
  for (const [variable, value] of Object.entries(chosen)) write(`  ${variable}: ${shown(variable, value)}\n`);
  write(`saved to ${path} (readable by you only); attune run, worker and the other commands read it, and a source's variables set in the environment win over it\n`);
  return 0;
}

