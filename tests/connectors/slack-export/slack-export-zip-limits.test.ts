import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSlackExportFiles } from '../../../connectors/slack-export/open-slack-export-files.ts';
import { exportReadLimits } from '../../../connectors/slack-export/slack-export-files.ts';
import { ConfigError } from '../../../models/errors.ts';
import { buildZip, type BuiltZip, type TestEntry } from '../../helpers/build-zip.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { testSecretHex } from '../../helpers/test-secret.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const skeleton: TestEntry[] = [
  { name: 'users.json', data: Buffer.from('[]') },
  { name: 'channels.json', data: Buffer.from('[{"id":"C1","name":"general"}]') },
];

function zipFile(bytes: Buffer): string {
  const path = join(tempDir('zip-limits'), 'export.zip');
  writeFileSync(path, bytes);
  return path;
}

/** Opens the zip and reads every file in it; the error, if any. */
async function readAll(bytes: Buffer): Promise<unknown> {
  try {
    const files = await openSlackExportFiles(zipFile(bytes));
    try {
      for (const path of files.paths) await files.readText(path);
    } finally {
      await files.close();
    }
    return null;
  } catch (error) {
    return error;
  }
}

describe('Slack export zips: headers checked against the file, inflation capped', () => {
  it('reads a well-formed zip, stored and deflated', async () => {
    const day = Buffer.from('[{"type":"message","ts":"1714550400.000100","user":"U1"}]');
    const { bytes } = buildZip([...skeleton, { name: 'general/2024-05-01.json', data: day, method: 0 }, { name: 'general/2024-05-02.json', data: day }]);
    const files = await openSlackExportFiles(zipFile(bytes));
    expect(await files.readText('general/2024-05-01.json')).toBe(day.toString());
    expect(await files.readText('general/2024-05-02.json')).toBe(day.toString());
    await files.close();
  });

  // Each crafted header once made attune allocate what the header said (up to gigabytes) or read outside the file.
  const crafted: [string, (zip: BuiltZip) => void][] = [
    ['a central directory offset past the end', (z) => z.bytes.writeUInt32LE(0xfffffff0, z.endAt + 16)],
    ['a central directory longer than the file', (z) => z.bytes.writeUInt32LE(0xfffffff0, z.endAt + 12)],
    ['more entries than the directory holds', (z) => z.bytes.writeUInt16LE(0xfff0, z.endAt + 10)],
    ['a name running past the directory', (z) => z.bytes.writeUInt16LE(0xfff0, z.directoryAt + 28)],
    ['an extra field running past the directory', (z) => z.bytes.writeUInt16LE(0xfff0, z.directoryAt + 30)],
    ['a compressed size of 4 GB', (z) => z.bytes.writeUInt32LE(0xfffffff0, z.directoryAt + 20)],
    ['a local header offset past the end', (z) => z.bytes.writeUInt32LE(0xfffffff0, z.directoryAt + 42)],
    ['a zip64 end record claimed at a wild offset', (z) => z.bytes.writeUInt16LE(0xffff, z.endAt + 10)],
  ];
  it.each(crafted)('refuses %s with a clear error, allocating nothing it claims', async (_, tamper) => {
    const zip = buildZip(skeleton);
    tamper(zip);
    const error = await readAll(zip.bytes);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/the Slack export zip is not readable|unpacks to more than/);
  });

  it('refuses a zip64 central directory larger than the file', async () => {
    const zip = buildZip(skeleton);
    const zip64End = Buffer.alloc(56);
    zip64End.writeUInt32LE(0x06064b50, 0);
    zip64End.writeBigUInt64LE(2n, 32);
    zip64End.writeBigUInt64LE(2n ** 50n, 40);
    zip64End.writeBigUInt64LE(0n, 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(zip.endAt), 8);
    const end = zip.bytes.subarray(zip.endAt);
    end.writeUInt32LE(0xffffffff, 16);
    const error = await readAll(Buffer.concat([zip.bytes.subarray(0, zip.endAt), zip64End, locator, end]));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/central directory lies outside the file/);
  });

  it('refuses a day file over 100 times its packed size (a zip bomb), naming it and the limit', async () => {
    const bomb = Buffer.alloc(70 * 2 ** 20, ' ');
    const error = await readAll(buildZip([...skeleton, { name: 'general/2024-05-01.json', data: bomb }]).bytes);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/the Slack export file general\/2024-05-01\.json unpacks to more than 100 times its packed size/);
  });

  it('stops inflating at the limit when the headers understate the size', async () => {
    const bomb = Buffer.alloc(70 * 2 ** 20, ' ');
    const error = await readAll(buildZip([...skeleton, { name: 'general/2024-05-01.json', data: bomb, claimedSize: 1000 }]).bytes);
    expect((error as Error).message).toMatch(/general\/2024-05-01\.json unpacks to more than 100 times its packed size/);
  });

  it('refuses a day file larger than the limit per file before reading it whole', async () => {
    const day = { name: 'general/2024-05-01.json', data: Buffer.alloc(exportReadLimits.fileBytes + 1, ' '), method: 0 as const };
    const error = await readAll(buildZip([...skeleton, day]).bytes);
    expect((error as Error).message).toMatch(/general\/2024-05-01\.json unpacks to more than 64 MiB \(the limit per file\)/);
  });

  it('caps what the whole zip unpacks to, however its files are split', async () => {
    const part = Buffer.alloc(exportReadLimits.ratioFreeBytes - 1024, ' ');
    const days = Array.from({ length: 80 }, (_, i) => ({ name: `general/2024-05-${String(i).padStart(2, '0')}.json`, data: part }));
    const error = await readAll(buildZip([...skeleton, ...days]).bytes);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/unpacks to more than 64 MiB for the whole zip \(100 times its size\)/);
  });

  it('stops attune import slack-export on a zip bomb with a non-zero exit, naming the file and the limit', async () => {
    const channels = { name: 'channels.json', data: Buffer.from(JSON.stringify([{ id: 'C1', name: 'general', created: 1700000000, is_archived: false, members: [] }])) };
    const bomb = { name: 'general/2026-11-01.json', data: Buffer.alloc(70 * 2 ** 20, ' ') };
    const path = zipFile(buildZip([skeleton[0]!, channels, bomb]).bytes);
    const env = { ATTUNE_DATA_DIR: join(tempDir('zip-limits'), 'data'), ATTUNE_PSEUDONYM_KEY: testSecretHex, ATTUNE_RUN_AT: '2026-11-20T00:00:00Z' };
    const result = await runCli(['import', 'slack-export', path, '--all-public'], env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/general\/2026-11-01\.json unpacks to more than 100 times its packed size/);
  }, 120_000);
});
