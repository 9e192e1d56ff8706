import { hkdfSync } from 'node:crypto';
import { directorySealingKeyOf } from './directory-sealing.ts';

/** The keys one installation works with, each derived from its one secret. */
export interface InstallationKeys {
  /** Keys the HMAC of every pseudonym. */
  pseudonymKey: Uint8Array;
  /** Keys the AES-256-GCM encryption of the identity vault. */
  vaultKey: Uint8Array;
  /** Keys the HMAC of personal links (a person's page, snooze and stop). */
  linkKey: Uint8Array;
  /** Keys the AES-256-GCM sealing of every Temporal payload (workflow history holds nothing readable). */
  payloadKey: Uint8Array;
  /** The store worker's X25519 private key, opening the directory snapshots ingest workers seal to its public key (see directory-sealing.ts). */
  directoryOpeningKey: Uint8Array;
  /**
   * Tells installations apart without revealing their secret (hex, 128 bits, derived for this
   * purpose only): kept in the private store, so a store opened with another secret is refused.
   */
  fingerprint: string;
  /** What an ingest worker is given instead of the secret (ATTUNE_INGEST_KEY): the pseudonym and payload keys and the directory sealing key. */
  ingest: IngestKeys;
}

/**
 * The keys an ingest worker holds: enough to pseudonymise what it reads, to open and seal Temporal
 * payloads and to seal directory snapshots for the store, and nothing the vault, link or any other
 * key derives from (the directory sealing key is public: it seals, it can't open).
 */
export interface IngestKeys {
  pseudonymKey: Uint8Array;
  payloadKey: Uint8Array;
  /** The X25519 public key of the store's directory opening key. */
  directorySealingKey: Uint8Array;
  /**
   * Tells ingest keys apart without revealing them (hex, 128 bits, derived from all three keys for
   * this purpose only): every workflow carries it, so an ingest worker holding other keys fails at once.
   */
  fingerprint: string;
}

/** The ingest keys made of a pseudonym key, a payload key and a directory sealing key, with their fingerprint. */
export function ingestKeysOf(pseudonymKey: Uint8Array, payloadKey: Uint8Array, directorySealingKey: Uint8Array): IngestKeys {
  const all = Buffer.concat([pseudonymKey, payloadKey, directorySealingKey]);
  const fingerprint = Buffer.from(hkdfSync('sha256', all, 'attune', 'ingest key fingerprint v2', 16)).toString('hex');
  return { pseudonymKey, payloadKey, directorySealingKey, fingerprint };
}

/** Derives the pseudonym, vault, link, payload and directory opening keys, the fingerprint and the ingest keys from the installation secret with HKDF-SHA-256, so none can be computed from another. */
export function deriveInstallationKeys(secret: Uint8Array): InstallationKeys {
  if (secret.length < 32) throw new RangeError('the installation secret must be at least 32 bytes');
  const derive = (purpose: string, bytes = 32) => new Uint8Array(hkdfSync('sha256', secret, 'attune', purpose, bytes));
  const pseudonymKey = derive('pseudonym v1');
  const payloadKey = derive('temporal payloads v1');
  const directoryOpeningKey = derive('directory sealing v1');
  return {
    pseudonymKey,
    vaultKey: derive('identity vault v1'),
    linkKey: derive('personal links v1'),
    payloadKey,
    directoryOpeningKey,
    fingerprint: Buffer.from(derive('installation fingerprint v1', 16)).toString('hex'),
    ingest: ingestKeysOf(pseudonymKey, payloadKey, directorySealingKeyOf(directoryOpeningKey)),
  };
}
