import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import type { DirectorySnapshot } from '../models/directory-snapshot.ts';

/** What a sealed snapshot starts with: says what it is and which layout follows. */
const header = Buffer.from('attune sealed directory v1\n');
const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
// DER framing of a raw X25519 key (RFC 8410): PKCS #8 for a private key, SubjectPublicKeyInfo for a public one.
const privateKeyDer = Buffer.from('302e020100300506032b656e04220420', 'hex');
const publicKeyDer = Buffer.from('302a300506032b656e032100', 'hex');

const privateKeyOf = (raw: Uint8Array): KeyObject => createPrivateKey({ key: Buffer.concat([privateKeyDer, raw]), format: 'der', type: 'pkcs8' });
const publicKeyOf = (raw: Uint8Array): KeyObject => createPublicKey({ key: Buffer.concat([publicKeyDer, raw]), format: 'der', type: 'spki' });
const rawPublicKey = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(publicKeyDer.length);

/** The X25519 public key (32 bytes) of a private one (32 bytes): what ingest hosts seal directory snapshots to. */
export function directorySealingKeyOf(openingKey: Uint8Array): Uint8Array {
  if (openingKey.length !== keyBytes) throw new RangeError(`a directory opening key is ${keyBytes} bytes`);
  return new Uint8Array(rawPublicKey(createPublicKey(privateKeyOf(openingKey))));
}

/** The AES-256-GCM key of one snapshot: HKDF-SHA-256 over the X25519 shared secret, salted with both public keys. */
function snapshotKey(shared: Buffer, ephemeral: Buffer, recipient: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'attune directory snapshot v1', keyBytes));
}

/**
 * Encrypts a directory snapshot (people, teams and the real identities for the vault) so that only
 * the holder of the private key behind `sealingKey` (the store worker) can read it: X25519 with a
 * fresh ephemeral key per snapshot, HKDF-SHA-256, AES-256-GCM. The sealer itself can't open what it
 * sealed. Layout: header ‖ ephemeral public key ‖ iv ‖ tag ‖ ciphertext, the first two and the
 * recipient's public key authenticated.
 */
export function sealDirectorySnapshot(sealingKey: Uint8Array, snapshot: DirectorySnapshot): Buffer {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyOf(sealingKey) });
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', snapshotKey(shared, ephemeralPublic, sealingKey), iv);
  cipher.setAAD(Buffer.concat([header, ephemeralPublic, sealingKey]));
  const body = Buffer.concat([cipher.update(JSON.stringify(snapshot), 'utf8'), cipher.final()]);
  return Buffer.concat([header, ephemeralPublic, iv, cipher.getAuthTag(), body]);
}

/**
 * Decrypts a snapshot sealDirectorySnapshot sealed to this opening key's public key. Returns null
 * when it does not open: sealed to another key, or altered, truncated or not a sealed snapshot at
 * all (the caller says what that means where it is read).
 */
export function openDirectorySnapshot(openingKey: Uint8Array, sealed: Uint8Array): DirectorySnapshot | null {
  const bytes = Buffer.from(sealed);
  const start = header.length + keyBytes + ivBytes + tagBytes;
  if (bytes.length < start || !bytes.subarray(0, header.length).equals(header)) return null;
  const ephemeralPublic = bytes.subarray(header.length, header.length + keyBytes);
  const iv = bytes.subarray(header.length + keyBytes, header.length + keyBytes + ivBytes);
  const recipient = directorySealingKeyOf(openingKey);
  try {
    const shared = diffieHellman({ privateKey: privateKeyOf(openingKey), publicKey: publicKeyOf(ephemeralPublic) });
    const decipher = createDecipheriv('aes-256-gcm', snapshotKey(shared, ephemeralPublic, recipient), iv);
    decipher.setAAD(Buffer.concat([header, ephemeralPublic, recipient]));
    decipher.setAuthTag(bytes.subarray(start - tagBytes, start));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(start)), decipher.final()]).toString('utf8')) as DirectorySnapshot;
  } catch {
    return null;
  }
}
