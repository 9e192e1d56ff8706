import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../cli/config.ts';
import { readConnectionFile } from '../../cli/connection-file.ts';
import { readNudgeRulesFile } from '../../cli/nudge-settings.ts';
import { readOrgOverrideFile } from '../../cli/org-override-file.ts';
import { parseJiraIdentityMap } from '../../connectors/jira/parse-jira-identity-map.ts';
import { parseSlackIdentityMap } from '../../connectors/slack/parse-slack-identity-map.ts';
import { ConfigError } from '../../models/errors.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const runs = { numRuns: 200, seed: 612 };
const dir = tempDir('fuzz-settings');

/** Text an attacker or a careless admin might write: any Unicode, control characters, SQL, paths, numbers in other notations. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '0x10', '1e3', '16.0', '+5', '-1', ' 7 ', 'Infinity', 'NaN', '١٢', '７', '9'.repeat(400), '',
    "1'; DROP TABLE events; --", '../../etc/passwd', '\u0000', '\u202e42', 'null', '[]', '{}',
  ),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);

/** The whole-number settings and where each lands in the configuration. */
const wholeNumbers: [string, (config: Config) => number][] = [
  ['ATTUNE_BACKFILL_DAYS', (c) => c.backfillDays],
  ['ATTUNE_RELEASE_K', (c) => c.releaseK],
  ['ATTUNE_STREAM_CONCURRENCY', (c) => c.streamConcurrency],
  ['ATTUNE_RETRY_ATTEMPTS', (c) => c.retry.attemptsPerRequest],
  ['ATTUNE_DEMO_PEOPLE', (c) => c.demo.people],
  ['ATTUNE_QUERY_TIMEOUT_S', (c) => c.queryTimeoutSeconds],
  ['ATTUNE_LEAVER_GRACE_DAYS', (c) => c.retention.leaverGraceDays],
];

/** The emails a generated document holds, which no error about it may repeat. */
const emailsIn = (text: string) => text.match(/[^\s"'{}[\],:]+@[^\s"'{}[\],:]+/g) ?? [];

/** Runs `read` on `input` and checks it either returns or fails with a ConfigError naming `names` and repeating none of `secrets`. */
async function expectReadOrClearRefusal<T>(read: () => Promise<T> | T, names: readonly string[], secrets: readonly string[]): Promise<T | ConfigError> {
  try {
    return await read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    for (const name of names) expect(message).toContain(name);
    for (const secret of secrets) expect(message).not.toContain(secret);
    return error as ConfigError;
  }
}

describe('settings from the environment, fuzzed', () => {
  it('reads a whole number only when written in decimal digits within its range; anything else is refused naming the variable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...wholeNumbers), hostileText, async ([name, field], value) => {
        const read = await expectReadOrClearRefusal(() => loadConfig({ [name]: value }), [name], []);
        if (read instanceof ConfigError) return;
        const trimmed = value.trim();
        if (trimmed === '') return;
        expect(trimmed).toMatch(/^\d+$/);
        expect(field(read)).toBe(Number(trimmed));
      }),
      runs,
    );
  });

  it('takes ATTUNE_RUN_AT only as a real instant; any other text, or a date past what a Date holds, is refused naming it', async () => {
    const instants = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString());
    const shapedLikeDates = fc.tuple(fc.nat(99_999), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99)).map(([y, mo, d, h, mi]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00Z`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(instants, shapedLikeDates, hostileText), async (value) => {
        const read = await expectReadOrClearRefusal(() => loadConfig({ ATTUNE_RUN_AT: value }), ['ATTUNE_RUN_AT'], []);
        if (read instanceof ConfigError || value.trim() === '') return;
        expect(Number.isNaN(read.runAt?.getTime())).toBe(false);
      }),
      runs,
    );
  });

  it('refuses a malformed or weak ATTUNE_PSEUDONYM_KEY naming the variable, never repeating the key', async () => {
    const keyLike = fc.oneof(
      hostileText,
      fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => Buffer.from(b).toString('hex')),
      fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string({ minLength: 1, maxLength: 4 }).map((s) => s.repeat(32)),
    );
    await fc.assert(
      fc.asyncProperty(keyLike, async (key) => {
        const secrets = key.trim().length >= 6 ? [key.trim()] : [];
        await expectReadOrClearRefusal(() => loadConfig({ ATTUNE_PSEUDONYM_KEY: key }), ['ATTUNE_PSEUDONYM_KEY'], secrets);
      }),
      runs,
    );
  });
});

/** YAML documents for the admin's files: random trees, deep nesting, alias bombs, and field values an attacker chooses. */
const hostileYaml = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value)),
  fc.nat({ max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.nat({ max: 3000 }).map((depth) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')),
  fc.constant(`a: &a ["x@example.com","x@example.com"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`),
  fc
    .record({
      teams: fc.array(fc.record({ id: hostileText, name: hostileText, parent: hostileText }, { requiredKeys: ['id'] }), { maxLength: 4 }),
      people: fc.array(fc.record({ email: fc.oneof(fc.emailAddress(), hostileText), teams: fc.array(hostileText, { maxLength: 3 }), segments: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }) }, { requiredKeys: ['email'] }), { maxLength: 4 }),
    })
    .map((document) => stringify(document)),
);

describe('the admin\'s YAML files, fuzzed', () => {
  const pseudonymize = createPseudonymizer(Buffer.from('5c0ffee0d15ea5e5baadf00d8badf00ddeadbeefcafebabe0123456789abcdef', 'hex'));

  it('ATTUNE_ORG_FILE: any text is read, or refused naming the variable and the file without repeating an email; what is read holds pseudonyms, never an email', async () => {
    const path = join(dir, 'org.yaml');
    await fc.assert(
      fc.asyncProperty(hostileYaml, async (text) => {
        writeFileSync(path, text);
        const read = await expectReadOrClearRefusal(() => readOrgOverrideFile(path), ['ATTUNE_ORG_FILE', path], emailsIn(text));
        if (read instanceof ConfigError) return;
        const overrides = read(pseudonymize);
        for (const { person } of overrides.people) expect(person).not.toContain('@');
      }),
      { ...runs, numRuns: 150 },
    );
  });

  it('ATTUNE_NUDGE_RULES: any text is read, or refused naming the variable and the file (its keys may be quoted: it holds no one\'s data)', async () => {
    const path = join(dir, 'rules.yaml');
    await fc.assert(
      fc.asyncProperty(hostileYaml, async (text) => {
        writeFileSync(path, text);
        await expectReadOrClearRefusal(() => readNudgeRulesFile(path), ['ATTUNE_NUDGE_RULES', path], []);
      }),
      { ...runs, numRuns: 150 },
    );
  });
});

describe('the connection file and identity maps, fuzzed', () => {
  it('a connection file attune did not write is refused naming it and what to do, never repeating a value it holds', async () => {
    const path = join(dir, 'connections.json');
    const credential = fc.string({ minLength: 8, maxLength: 30 }).map((s) => `secret-${s}`);
    const content = fc.oneof(
      hostileText,
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc
        .record({
          version: fc.oneof(fc.constant(1), fc.jsonValue()),
          sources: fc.dictionary(fc.constantFrom('slack', 'jira', 'google', 'microsoft', '__proto__', 'constructor', 'other'), fc.dictionary(fc.constantFrom('SLACK_BOT_TOKEN', 'JIRA_API_TOKEN', 'MS_CLIENT_SECRET', 'PATH', 'NODE_OPTIONS', '__proto__'), credential)),
        })
        .map((value) => JSON.stringify(value)),
      fc.nat({ max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    );
    await fc.assert(
      fc.asyncProperty(content, async (text) => {
        writeFileSync(path, text, { mode: 0o600 });
        const secrets = text.match(/secret-[^"\\]+/g) ?? [];
        const read = await expectReadOrClearRefusal(() => readConnectionFile(path), [path], secrets);
        if (read instanceof ConfigError) {
          expect(read.message).toContain('attune connect');
          return;
        }
        const allowed = /^(SLACK_BOT_TOKEN|JIRA_API_TOKEN|MS_CLIENT_SECRET)$/;
        for (const variables of Object.values(read)) for (const name of Object.keys(variables ?? {})) expect(name).toMatch(allowed);
      }),
      runs,
    );
  });

  it('an identity map (Slack or Jira) is read line by line, or refused naming the variable and the line, never its email', async () => {
    const line = fc.oneof(
      fc.tuple(fc.oneof(fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/), hostileText), fc.oneof(fc.emailAddress(), hostileText)).map(([id, email]) => `${id},${email}`),
      hostileText,
      fc.constantFrom('# comment', 'slackUserId,email', '"U1","a@example.com"', 'U1,a@example.com,extra'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.constantFrom(
        ['SLACK_IDENTITY_MAP', parseSlackIdentityMap] as const,
        ['JIRA_IDENTITY_MAP', parseJiraIdentityMap] as const,
      ), async (lines, [setting, parse]) => {
        const text = lines.join('\n');
        const read = await expectReadOrClearRefusal(() => parse(text), [setting], emailsIn(text));
        if (read instanceof ConfigError) {
          expect(read.message).toMatch(/line \d+/);
          return;
        }
        for (const email of read.values()) expect(email).toMatch(/^[^\s@]+@[^\s@]+$/);
      }),
      runs,
    );
  });
});
