import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSlackExportConnector } from '../../connectors/slack-export/create-slack-export-connector.ts';
import { openSlackExportFiles } from '../../connectors/slack-export/open-slack-export-files.ts';
import { ConfigError } from '../../models/errors.ts';
import { CANARY } from '../../simulator/canary.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { buildZip, type TestEntry } from '../helpers/build-zip.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { readExport, type SourceRead } from '../connectors/slack-export/read-slack-export.ts';

const pseudonymize = createPseudonymizer(Buffer.from('7a1c93e05b2f48d6a9e1c07b3d5f2e8841b6c9d03a7e5f1826b4d9c0e3a7f152', 'hex'));
const window = { start: '2026-10-26T00:00:00Z', end: '2026-11-09T00:00:00Z' };
const dayOf = (n: number) => `2026-11-0${(n % 9) + 1}`;
const people = ['U0ALICE', "U1'; DROP TABLE events; --", 'Uüñí©ødé\u202e', 'U\u0000NUL'];
const skeleton: TestEntry[] = [
  { name: 'users.json', data: Buffer.from(JSON.stringify(people.map((id, i) => ({ id, name: `person${i}`, profile: { email: `p${i}@example.com` } })))) },
  { name: 'channels.json', data: Buffer.from(JSON.stringify([{ id: 'C1', name: 'general', created: 1_700_000_000, is_archived: false, members: people }])) },
];
const runs = { numRuns: 60, seed: 1107 };

/** A Slack timestamp inside the window, far outside it, or not one at all. */
const slackTs = fc.oneof(
  fc.integer({ min: Date.parse(window.start) / 1000, max: Date.parse(window.end) / 1000 - 1 }).map((s) => `${s}.000100`),
  fc.constantFrom('99999999999.000100', '-62135596800.000000', '0.000000', '1e309', '1714550400', '١٧١٤٥٥٠٤٠٠.000100', "1714550400.1'; --", ''),
  fc.string({ maxLength: 20 }),
);

/** A day file record: message-shaped with hostile fields, or any JSON at all. */
const record = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constant('message'), fc.string({ maxLength: 8 })),
      ts: slackTs,
      user: fc.oneof(fc.constantFrom(...people), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.integer()),
      text: fc.string({ maxLength: 30 }).map((s) => `${CANARY} ${s}`),
      thread_ts: slackTs,
      reply_count: fc.oneof(fc.nat(), fc.constant(-1), fc.constant(1e308)),
      reactions: fc.array(fc.record({ name: fc.constant(`${CANARY}-emoji`), users: fc.array(fc.constantFrom(...people), { maxLength: 3 }), count: fc.integer() }), { maxLength: 2 }),
      files: fc.constant([{ name: `${CANARY}.pdf`, title: CANARY }]),
    },
    { requiredKeys: ['type', 'ts', 'user', 'text'] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A day file: an array of records, or text that is no array: deep nesting, huge strings, odd Unicode, nothing. */
const dayFile = fc.oneof(
  { weight: 4, arbitrary: fc.array(record, { maxLength: 12 }).map((records) => JSON.stringify(records)) },
  fc.nat({ max: 100_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.nat({ max: 50_000 }).map((depth) => `[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`),
  fc.constantFrom('', 'null', '{}', '[', '\uFEFF[]', `["${'x'.repeat(2 ** 20)}"]`, '[1e999999]', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** Checks what a read gave: nothing of the content, no raw user id, only valid instants. */
function expectNothingLeaked(read: SourceRead): void {
  const text = JSON.stringify(read);
  expect(text).not.toContain(CANARY);
  for (const event of read.events) {
    expect(Number.isNaN(event.start.getTime())).toBe(false);
    for (const who of [event.actor, ...event.counterparts]) expect(people).not.toContain(who);
  }
}

/** Reads an export at `path` the way attune import slack-export --all-public does; a refusal is returned, not thrown. */
async function importAllPublic(path: string): Promise<SourceRead | Error> {
  try {
    const files = await openSlackExportFiles(path);
    try {
      return await readExport(createSlackExportConnector({ files, pseudonymize, channels: 'all-public' }), window);
    } finally {
      await files.close();
    }
  } catch (error) {
    return error as Error;
  }
}

/** A refusal must be attune's own, naming the slack-export PATH; anything else (TypeError, RangeError) is a crash. */
function expectClearRefusal(error: Error): void {
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.message).toMatch(/slack-export PATH/);
}

describe('Slack export import, fuzzed', () => {
  it('reads hostile day files in a folder: bad records and files are quarantined and counted, the rest read, nothing of the content kept', async () => {
    const seen = { events: 0, quarantined: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(dayFile, { minLength: 1, maxLength: 4 }), async (days) => {
        const root = tempDir('fuzz-export');
        for (const entry of skeleton) writeFileSync(join(root, entry.name), entry.data);
        mkdirSync(join(root, 'general'));
        days.forEach((text, i) => writeFileSync(join(root, 'general', `${dayOf(i)}.json`), text));
        const read = await importAllPublic(root);
        if (read instanceof Error) return expectClearRefusal(read);
        expectNothingLeaked(read);
        seen.events += read.events.length;
        seen.quarantined += read.quarantined.length;
        const notArrays = days.filter((text) => {
          try {
            return !Array.isArray(JSON.parse(text));
          } catch {
            return true;
          }
        });
        const unreadableFiles = read.quarantined.filter((q) => q.problem === '(file): not a JSON array').map((q) => q.recordRef);
        expect(unreadableFiles.sort()).toEqual(days.flatMap((text, i) => (notArrays.includes(text) ? [`${dayOf(i)}.json`] : [])).sort());
      }),
      runs,
    );
    // The generated files exercise both outcomes: records read and records quarantined.
    expect(seen.events).toBeGreaterThan(0);
    expect(seen.quarantined).toBeGreaterThan(0);
  });

  it('reads a zip with hostile entry names and damaged headers, or refuses it naming the PATH; never writes a file anywhere', async () => {
    const hostileName = fc.oneof(
      fc.constantFrom('../../escaped.json', '/etc/attune-fuzz.json', 'general/../../../escaped.json', 'general\\..\\..\\escaped.json', 'C:\\x.json', 'general/\u0000.json', 'general/..', `general/${'a'.repeat(5000)}.json`, 'general/2026-11-01.json/../../x'),
      fc.string({ unit: 'grapheme', maxLength: 30 }).map((name) => `general/${name}`),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    const damage = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(hostileName, dayFile), { maxLength: 3 }), dayFile, damage, async (extra, day, flips) => {
        const folder = tempDir('fuzz-export-zip');
        const entries = [...skeleton, { name: `general/${dayOf(0)}.json`, data: Buffer.from(day) }, ...extra.map(([name, text]) => ({ name, data: Buffer.from(text) }))];
        const { bytes } = buildZip(entries);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const path = join(folder, 'export.zip');
        writeFileSync(path, bytes);
        const read = await importAllPublic(path);
        if (read instanceof Error) expectClearRefusal(read);
        else expectNothingLeaked(read);
        expect(readdirSync(folder)).toEqual(['export.zip']);
        expect(readdirSync(dirname(folder)).filter((name) => name.includes('escaped') || name.startsWith('x.json'))).toEqual([]);
      }),
      runs,
    );
  });
});
