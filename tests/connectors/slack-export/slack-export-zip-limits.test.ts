import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openSlackExportFiles } from '../../../connectors/slack-export/open-slack-export-files.ts';
import { exportReadLimits } from '../../../connectors/slack-export/slack-export-files.ts';
import { ConfigError } from '../../../models/errors.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { testSecretHex } from '../../helpers/test-secret.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** One file to put in a test zip: its bytes, stored or deflated, and optionally a size its headers claim instead of the real one. */
interface TestEntry {
  name: string;
  data: Buffer;
  method?: 0 | 8;
  claimedSize?: number;
}

/** Where the records of a built zip are, for tests that tamper with them. */
interface BuiltZip {
  bytes: Buffer;
  directoryAt: number;
  endAt: number;
}

/** Builds a zip (local headers, central directory, end record) from its entries, as APPNOTE.TXT lays it out; CRCs are left 0 (attune does not check them). */
function buildZip(entries: readonly TestEntry[]): BuiltZip {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data, method = 8, claimedSize } of entries) {
    const packed = method === 8 ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(claimedSize ?? data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(claimedSize ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    directory.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return { bytes: Buffer.concat([...locals, directoryBytes, end]), directoryAt: offset, endAt: offset + directoryBytes.length };
}

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
