import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../models/errors.ts';
import { NudgeRuleSettings } from '../models/nudge.ts';
import { optionalText, wholeNumberSetting } from '../models/setting-values.ts';

const Environment = z.object({
  ATTUNE_NUDGES: z.enum(['on', 'off']).default('on'),
  ATTUNE_NUDGE_RULES: optionalText,
  ATTUNE_NUDGE_SENDER: optionalText.pipe(z.email().optional()),
  ATTUNE_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ATTUNE_LINK_DAYS: wholeNumberSetting(7, 1, 30),
});

/** How attune nudges people and links them to their own page, from the environment. */
export interface NudgeSettings {
  /** False with ATTUNE_NUDGES=off: nothing is planned or sent. */
  enabled: boolean;
  rules: NudgeRuleSettings;
  /** The mailbox e-mail nudges are sent from (Graph or Gmail); without it, nudges go by Slack DM only. */
  sender: string | undefined;
  /** Where people's browsers and Slack reach `attune serve`. */
  publicUrl: string;
  /** How long a personal link stays valid, in days. */
  linkDays: number;
}

/** `attune serve`'s default address, and so the default public URL. */
export const defaultServeAddress = { host: '127.0.0.1', port: 8787 } as const;

/**
 * Reads the nudge rules file (YAML, ATTUNE_NUDGE_RULES): every key optional, unknown keys refused.
 * A problem stops the run with the file, the line and what is wrong, never the file's values.
 */
export async function readNudgeRulesFile(path: string): Promise<NudgeRuleSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`ATTUNE_NUDGE_RULES: can't read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'ATTUNE_NUDGE_RULES');
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const [syntax] = document.errors;
  if (syntax) {
    throw new ConfigError(`ATTUNE_NUDGE_RULES: ${path} line ${lineOf(syntax.pos[0])}: not valid YAML (${syntax.code})`, 'ATTUNE_NUDGE_RULES');
  }
  let content: unknown;
  try {
    // Valid syntax can still expand past what a rules file needs (aliases of aliases: a "billion laughs").
    content = document.toJS() ?? {};
  } catch (error) {
    throw new ConfigError(`ATTUNE_NUDGE_RULES: ${path}: not usable YAML (${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'})`, 'ATTUNE_NUDGE_RULES');
  }
  const parsed = NudgeRuleSettings.safeParse(content);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path, ...keys.slice(0, 1)] as (string | number)[];
    // The line of the deepest node the path reaches: the bad value, or the map holding a missing or unknown key.
    let node: unknown = null;
    for (let depth = path.length; depth >= 0 && !node; depth--) node = document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    const where = keys.length > 0 ? [...issue.path, keys.join(', ')].join('.') : issue.path.join('.') || '(top)';
    return `line ${lineOf(range?.[0])}: ${where}: ${issue.message}`;
  });
  throw new ConfigError(`ATTUNE_NUDGE_RULES: ${path}: ${problems.join('; ')}`, 'ATTUNE_NUDGE_RULES');
}

/** The nudge settings from the environment, reading the rules file when one is named. */
export async function loadNudgeSettings(env: Record<string, string | undefined>): Promise<NudgeSettings> {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, String(parsed.error.issues[0]?.path[0]));
  }
  const e = parsed.data;
  return {
    enabled: e.ATTUNE_NUDGES === 'on',
    rules: e.ATTUNE_NUDGE_RULES ? await readNudgeRulesFile(e.ATTUNE_NUDGE_RULES) : NudgeRuleSettings.parse({}),
    sender: e.ATTUNE_NUDGE_SENDER,
    publicUrl: (e.ATTUNE_PUBLIC_URL ?? `http://${defaultServeAddress.host}:${defaultServeAddress.port}`).replace(/\/+$/, ''),
    linkDays: e.ATTUNE_LINK_DAYS,
  };
}
