import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';
import { Source } from '../models/source.ts';
import { isInsideDataDir, modeOpenToOthers } from './data-paths.ts';

/** The variables that configure each source: what `attune connect` verifies and keeps, and what the file may hold. */
export const sourceVariables: Record<Source, readonly string[]> = {
  slack: ['SLACK_BOT_TOKEN', 'SLACK_API_URL'],
  google: ['GOOGLE_SERVICE_ACCOUNT_FILE', 'GOOGLE_ADMIN_EMAIL', 'GOOGLE_API_URL'],
  microsoft: ['MS_TENANT_ID', 'MS_CLIENT_ID', 'MS_CLIENT_SECRET', 'MS_GRAPH_URL', 'MS_LOGIN_URL'],
  jira: ['JIRA_HOST', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_IDENTITY_MAP'],
};

/** The variables holding a file's path: kept absolute, so the file is found from any working directory. */
const pathVariables = new Set(['GOOGLE_SERVICE_ACCOUNT_FILE', 'JIRA_IDENTITY_MAP']);

const setting = 'ATTUNE_CONNECTION_FILE';

/** The file's content: per source, its variables' values. */
const ConnectionFileContent = z
  .object({
    version: z.literal(1),
    sources: z.object(Object.fromEntries(Source.options.map((source) => [source, z.record(z.string(), z.string()).optional()]))),
  })
  .strict();

/** Each configured source's variables, as the connection file keeps them. */
export type SourceConnections = Partial<Record<Source, Record<string, string>>>;

/**
 * Where the connections are kept: ATTUNE_CONNECTION_FILE, else `connections.json` in
 * `$XDG_CONFIG_HOME/attune` (default `~/.config/attune`): the user's configuration, never the data directory.
 */
export function connectionFilePath(env: Record<string, string | undefined>): string {
  const configured = env.ATTUNE_CONNECTION_FILE?.trim();
  if (configured) return resolve(configured);
  return join(env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config'), 'attune', 'connections.json');
}

/** The connections kept in the file; none when there is no file. A file others may read, or one attune did not write, stops with what to do. */
export async function readConnectionFile(path: string): Promise<SourceConnections> {
  let text: string;
  try {
    if ((await modeOpenToOthers(path)) !== null) {
      throw new ConfigError(`${path} holds credentials but others may read it: run chmod 600 ${path}`, setting);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${setting}: can't read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, setting);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const content = ConnectionFileContent.safeParse(parsed);
  const known = content.success && Source.options.every((source) => Object.keys(content.data.sources[source] ?? {}).every((name) => sourceVariables[source].includes(name)));
  if (!content.success || !known) {
    throw new ConfigError(`${path} is not a connection file written by attune connect: move it away and run attune connect again`, setting);
  }
  return content.data.sources as SourceConnections;
}

/**
 * The environment with the kept connections added: a source whose variables the environment sets
 * none of is taken from the file; one the environment sets any of is the environment's alone, so
 * the environment always wins and never mixes with the file.
 */
export async function withConnectionFile(env: Record<string, string | undefined>): Promise<Record<string, string | undefined>> {
  const kept = await readConnectionFile(connectionFilePath(env));
  const merged = { ...env };
  for (const source of Source.options) {
    const fromEnvironment = sourceVariables[source].some((name) => env[name]?.trim());
    if (!fromEnvironment) Object.assign(merged, kept[source]);
  }
  return merged;
}

/** Refuses a connection file inside the data directory: the data directory is backed up and shared with workers, credentials are not. */
export function checkConnectionFileOutside(path: string, dataDir: string): void {
  if (isInsideDataDir(path, dataDir)) {
    throw new ConfigError(`${setting} (${path}) is inside the data directory: keep credentials elsewhere, e.g. the default ~/.config/attune/connections.json`, setting);
  }
}

/**
 * Keeps one source's variables in the connection file (replacing what it kept for that source,
 * keeping the others'), readable by its owner only (0600, in a 0700 folder), written whole or not
 * at all (see checkConnectionFileOutside for where it may be).
 */
export async function saveConnection(path: string, source: Source, variables: Record<string, string>): Promise<void> {
  const sources = { ...(await readConnectionFile(path)) };
  sources[source] = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, pathVariables.has(name) ? resolve(value) : value]));
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify({ version: 1, sources }, null, 2)}\n`, { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, path);
}
