import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IdentityRecord } from '../models/identity-record.ts';

const ivBytes = 12;
const tagBytes = 16;

/** An identity record encrypted for the vault: `iv ‖ tag ‖ ciphertext`, bound to its pseudonym. */
export interface SealedIdentity {
  pseudonym: string;
  sealed: Uint8Array;
}

/** Encrypts an identity record with AES-256-GCM; the pseudonym is authenticated data, so a sealed record can't be moved to another row. */
export function sealIdentity(vaultKey: Uint8Array, record: IdentityRecord): SealedIdentity {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', vaultKey, iv);
  cipher.setAAD(Buffer.from(record.pseudonym));
  const body = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
  return { pseudonym: record.pseudonym, sealed: new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body])) };
}

/** Decrypts and checks a sealed identity; throws if the key, the pseudonym or a byte is wrong. */
export function openIdentity(vaultKey: Uint8Array, entry: SealedIdentity): IdentityRecord {
  const bytes = Buffer.from(entry.sealed);
  const decipher = createDecipheriv('aes-256-gcm', vaultKey, bytes.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(entry.pseudonym));
  decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
  const json = Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
  return IdentityRecord.parse(JSON.parse(json));
}
