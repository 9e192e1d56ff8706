import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { ConfigError } from '../../models/errors.ts';
import { exportReadLimits, type SlackExportFiles } from './slack-export-files.ts';

const inflate = promisify(inflateRaw);
const setting = 'the slack-export PATH';

/** Where one file's compressed bytes are inside the zip, and the size its header declares once unpacked. */
interface ZipEntry {
  method: number;
  compressedSize: number;
  uncompressedSize: number;
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
  endOfDirectoryLength: 22,
  zip64EndLength: 56,
  directoryEntryLength: 46,
  localHeaderLength: 30,
} as const;

const unreadable = (what: string) => new ConfigError(`the Slack export zip is not readable (${what}): check ${setting}`, setting, 'slack');

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Refuses a file over the read limits, naming it and the limit. */
const overLimit = (name: string, limit: string) =>
  new ConfigError(`the Slack export file ${name} unpacks to more than ${limit}: refused, so a broken or crafted export (a zip bomb) can't exhaust memory. Check ${setting}`, setting, 'slack');

/** `length` bytes at `position`, which must lie within the file's `size`: a header pointing elsewhere is refused, never allocated. */
async function readAt(file: FileHandle, size: number, position: number, length: number, what: string): Promise<Buffer> {
  if (!Number.isSafeInteger(position) || !Number.isSafeInteger(length) || position < 0 || length < 0 || position + length > size) {
    throw unreadable(`${what} lies outside the file`);
  }
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw unreadable('truncated');
  return buffer;
}

/** The central directory's offset, size and entry count, from the end record (or its zip64 form). */
async function centralDirectory(file: FileHandle, size: number): Promise<{ offset: number; length: number; entries: number }> {
  if (size < zip.endOfDirectoryLength) throw unreadable('no central directory');
  const tailLength = Math.min(size, zip.endOfDirectoryLength + zip.maxComment);
  const tail = await readAt(file, size, size - tailLength, tailLength, 'the end record');
  let at = tailLength - zip.endOfDirectoryLength;
  while (at >= 0 && tail.readUInt32LE(at) !== zip.endOfDirectory) at--;
  if (at < 0) throw unreadable('no central directory');
  const entries = tail.readUInt16LE(at + 10);
  const length = tail.readUInt32LE(at + 12);
  const offset = tail.readUInt32LE(at + 16);
  if (entries !== 0xffff && length !== 0xffffffff && offset !== 0xffffffff) return { offset, length, entries };
  const locatorAt = at - 20;
  if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== zip.zip64Locator) throw unreadable('bad zip64 locator');
  const end = await readAt(file, size, Number(tail.readBigUInt64LE(locatorAt + 8)), zip.zip64EndLength, 'the zip64 end record');
  if (end.readUInt32LE(0) !== zip.zip64EndOfDirectory) throw unreadable('bad zip64 end record');
  return { entries: Number(end.readBigUInt64LE(32)), length: Number(end.readBigUInt64LE(40)), offset: Number(end.readBigUInt64LE(48)) };
}

/** An entry's sizes and offset, taking the zip64 extra field's values for those marked 0xffffffff; every read stays inside the entry's extra field. */
function entryOf(directory: Buffer, at: number, nameLength: number, extraLength: number): ZipEntry {
  let compressedSize = directory.readUInt32LE(at + 20);
  let uncompressedSize = directory.readUInt32LE(at + 24);
  let localHeaderOffset = directory.readUInt32LE(at + 42);
  const extraEnd = at + zip.directoryEntryLength + nameLength + extraLength;
  for (let x = at + zip.directoryEntryLength + nameLength; x + 4 <= extraEnd; x += 4 + directory.readUInt16LE(x + 2)) {
    const fieldEnd = x + 4 + directory.readUInt16LE(x + 2);
    if (fieldEnd > extraEnd) throw unreadable('bad extra field');
    if (directory.readUInt16LE(x) !== zip.zip64Extra) continue;
    let field = x + 4;
    const next = () => {
      if (field + 8 > fieldEnd) throw unreadable('bad zip64 extra field');
      return Number(directory.readBigUInt64LE((field += 8) - 8));
    };
    if (uncompressedSize === 0xffffffff) uncompressedSize = next();
    if (compressedSize === 0xffffffff) compressedSize = next();
    if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
  }
  return { method: directory.readUInt16LE(at + 10), compressedSize, uncompressedSize, localHeaderOffset };
}

/** Every file entry of the central directory by name, each header checked to lie inside the directory. */
function directoryEntries(directory: Buffer, count: number): Map<string, ZipEntry> {
  if (count * zip.directoryEntryLength > directory.length) throw unreadable('more entries than the central directory holds');
  const entries = new Map<string, ZipEntry>();
  for (let at = 0, n = 0; n < count; n++) {
    if (at + zip.directoryEntryLength > directory.length || directory.readUInt32LE(at) !== zip.directoryEntry) throw unreadable('bad central directory');
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const next = at + zip.directoryEntryLength + nameLength + extraLength + commentLength;
    if (next > directory.length) throw unreadable('bad central directory');
    const name = directory.toString('utf8', at + zip.directoryEntryLength, at + zip.directoryEntryLength + nameLength);
    if ((directory.readUInt16LE(at + 8) & 1) === 1) throw unreadable('encrypted');
    if (!name.endsWith('/')) entries.set(name, entryOf(directory, at, nameLength, extraLength));
    at = next;
  }
  return entries;
}

/**
 * The files of a zipped export, read in place: the central directory is read once, then each
 * read seeks to one entry and inflates it alone, so a multi-gigabyte export is never held whole
 * (and never unpacked to disk). Stored and deflated entries, zip64 included; no encryption. Every
 * size and offset a header gives is checked against the file before use, and inflation stops at
 * the limits of exportReadLimits (per file, and for the zip in all).
 */
export async function zipExportFiles(path: string): Promise<SlackExportFiles> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { offset, length, entries: count } = await centralDirectory(file, size);
    const entries = directoryEntries(await readAt(file, size, offset, length, 'the central directory'), count);
    const totalLimit = Math.max(exportReadLimits.fileBytes, exportReadLimits.inflateRatio * size);
    // Unpacked bytes of each file read so far: a file read twice counts once towards the zip's total.
    const unpacked = new Map<string, number>();
    const unpackedInAll = () => [...unpacked.values()].reduce((sum, n) => sum + n, 0);
    return {
      paths: [...entries.keys()],
      async readText(name) {
        const entry = entries.get(name);
        if (!entry) return null;
        const header = await readAt(file, size, entry.localHeaderOffset, zip.localHeaderLength, `the local header of ${name}`);
        if (header.readUInt32LE(0) !== zip.localHeader) throw unreadable('bad local header');
        const dataAt = entry.localHeaderOffset + zip.localHeaderLength + header.readUInt16LE(26) + header.readUInt16LE(28);
        const ratioLimit = Math.max(exportReadLimits.ratioFreeBytes, exportReadLimits.inflateRatio * entry.compressedSize);
        const limits: [number, string][] = [
          [exportReadLimits.fileBytes, `${mib(exportReadLimits.fileBytes)} (the limit per file)`],
          [ratioLimit, `${exportReadLimits.inflateRatio} times its packed size`],
          [totalLimit - (unpackedInAll() - (unpacked.get(name) ?? 0)), `${mib(totalLimit)} for the whole zip (${exportReadLimits.inflateRatio} times its size)`],
        ];
        const [limit, limitText] = limits.reduce((lowest, next) => (next[0] < lowest[0] ? next : lowest));
        if (entry.uncompressedSize > limit || (entry.method === 0 && entry.compressedSize > limit)) throw overLimit(name, limitText);
        const data = await readAt(file, size, dataAt, entry.compressedSize, `the data of ${name}`);
        if (entry.method !== 0 && entry.method !== 8) throw unreadable(`compression method ${entry.method}`);
        const text =
          entry.method === 0
            ? data
            : await inflate(data, { maxOutputLength: Math.max(1, limit) }).catch((error: NodeJS.ErrnoException) =>
                Promise.reject(error.code === 'ERR_BUFFER_TOO_LARGE' ? overLimit(name, limitText) : unreadable(`corrupt entry ${name}`)),
              );
        unpacked.set(name, text.length);
        return text.toString('utf8');
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}
