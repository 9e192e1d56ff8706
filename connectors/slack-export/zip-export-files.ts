import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { ConfigError } from '../../models/errors.ts';
import type { SlackExportFiles } from './slack-export-files.ts';

const inflate = promisify(inflateRaw);
const setting = 'the slack-export PATH';

/** Where one file's compressed bytes are inside the zip. */
interface ZipEntry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Signatures and fixed sizes of the zip records read here (APPNOTE.TXT). */
const zip = {
  endOfDirectory: 0x06054b50,
  zip64Locator: 0x07064b50,
  zip64EndOfDirectory: 0x06064b50,
  directoryEntry: 0x02014b50,
  localHeader: 0x04034b50,
  zip64Extra: 0x0001,
  maxComment: 0xffff,
} as const;

const unreadable = (what: string) => new ConfigError(`the Slack export zip is not readable (${what}): check ${setting}`, setting, 'slack');

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw unreadable('truncated');
  return buffer;
}

/** The central directory's offset, size and entry count, from the end record (or its zip64 form). */
async function centralDirectory(file: FileHandle, size: number): Promise<{ offset: number; length: number; entries: number }> {
  const tailLength = Math.min(size, 22 + zip.maxComment);
  const tail = await readAt(file, size - tailLength, tailLength);
  let at = tailLength - 22;
  while (at >= 0 && tail.readUInt32LE(at) !== zip.endOfDirectory) at--;
  if (at < 0) throw unreadable('no central directory');
  const entries = tail.readUInt16LE(at + 10);
  const length = tail.readUInt32LE(at + 12);
  const offset = tail.readUInt32LE(at + 16);
  if (entries !== 0xffff && length !== 0xffffffff && offset !== 0xffffffff) return { offset, length, entries };
  const locatorAt = at - 20;
  if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== zip.zip64Locator) throw unreadable('bad zip64 locator');
  const end = await readAt(file, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
  if (end.readUInt32LE(0) !== zip.zip64EndOfDirectory) throw unreadable('bad zip64 end record');
  return { entries: Number(end.readBigUInt64LE(32)), length: Number(end.readBigUInt64LE(40)), offset: Number(end.readBigUInt64LE(48)) };
}

/** An entry's sizes and offset, taking the zip64 extra field's values for those marked 0xffffffff. */
function entryOf(directory: Buffer, at: number, nameLength: number, extraLength: number): ZipEntry {
  let compressedSize = directory.readUInt32LE(at + 20);
  const uncompressedSize = directory.readUInt32LE(at + 24);
  let localHeaderOffset = directory.readUInt32LE(at + 42);
  for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + directory.readUInt16LE(x + 2)) {
    if (directory.readUInt16LE(x) !== zip.zip64Extra) continue;
    let field = x + 4;
    const next = () => Number(directory.readBigUInt64LE((field += 8) - 8));
    if (uncompressedSize === 0xffffffff) next();
    if (compressedSize === 0xffffffff) compressedSize = next();
    if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
  }
  return { method: directory.readUInt16LE(at + 10), compressedSize, localHeaderOffset };
}

/**
 * The files of a zipped export, read in place: the central directory is read once, then each
 * read seeks to one entry and inflates it alone, so a multi-gigabyte export is never held whole
 * (and never unpacked to disk). Stored and deflated entries, zip64 included; no encryption.
 */
export async function zipExportFiles(path: string): Promise<SlackExportFiles> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { offset, length, entries: count } = await centralDirectory(file, size);
    const directory = await readAt(file, offset, length);
    const entries = new Map<string, ZipEntry>();
    for (let at = 0, n = 0; n < count; n++) {
      if (directory.readUInt32LE(at) !== zip.directoryEntry) throw unreadable('bad central directory');
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      if ((directory.readUInt16LE(at + 8) & 1) === 1) throw unreadable('encrypted');
      if (!name.endsWith('/')) entries.set(name, entryOf(directory, at, nameLength, extraLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return {
      paths: [...entries.keys()],
      async readText(name) {
        const entry = entries.get(name);
        if (!entry) return null;
        const header = await readAt(file, entry.localHeaderOffset, 30);
        if (header.readUInt32LE(0) !== zip.localHeader) throw unreadable('bad local header');
        const dataAt = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        const data = await readAt(file, dataAt, entry.compressedSize);
        if (entry.method === 0) return data.toString('utf8');
        if (entry.method !== 8) throw unreadable(`compression method ${entry.method}`);
        const text = await inflate(data).catch(() => Promise.reject(unreadable('corrupt entry')));
        return text.toString('utf8');
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}
