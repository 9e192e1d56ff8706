import { deflateRawSync } from 'node:zlib';

/** One file to put in a test zip: its bytes, stored or deflated, and optionally a size its headers claim instead of the real one. */
export interface TestEntry {
  name: string;
  data: Buffer;
  method?: 0 | 8;
  claimedSize?: number;
}

/** Where the records of a built zip are, for tests that tamper with them. */
export interface BuiltZip {
  bytes: Buffer;
  directoryAt: number;
  endAt: number;
}

/** Builds a zip (local headers, central directory, end record) from its entries, as APPNOTE.TXT lays it out; CRCs are left 0 (attune does not check them). */
export function buildZip(entries: readonly TestEntry[]): BuiltZip {
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
