import { hkdfSync } from 'node:crypto';

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
  /**
   * Tells installations apart without revealing their secret (hex, 128 bits, derived for this
   * purpose only): kept in the private store, so a store opened with another secret is refused.
   */
  fingerprint: string;
  /** What an ingest worker is given instead of the secret (ATTUNE_INGEST_KEY): the pseudonym and payload keys. */
  ingest: IngestKeys;
}

/**
 * The keys an ingest worker holds: enough to pseudonymise what it reads and to open and seal
 * Temporal payloads, and nothing the vault, link or any other key derives from.
 */
export interface IngestKeys {
  pseudonymKey: Uint8Array;
  payloadKey: Uint8Array;
  /**
   * Tells ingest keys apart without revealing them (hex, 128 bits, derived from both keys for this
   * purpose only): every workflow carries it, so an ingest worker holding other keys fails at once.
   */
  fingerprint: string;
}

/** The ingest keys made of a pseudonym key and a payload key, with their fingerprint. */
export function ingestKeysOf(pseudonymKey: Uint8Array, payloadKey: Uint8Array): IngestKeys {
  const both = Buffer.concat([pseudonymKey, payloadKey]);
  const fingerprint = Buffer.from(hkdfSync('sha256', both, 'attune', 'ingest key fingerprint v1', 16)).toString('hex');
  return { pseudonymKey, payloadKey, fingerprint };
}

/** Derives the pseudonym, vault, link and payload keys, the fingerprint and the ingest keys from the installation secret with HKDF-SHA-256, so none can be computed from another. */
export function deriveInstallationKeys(secret: Uint8Array): InstallationKeys {
  if (secret.length < 32) throw new RangeError('the installation secret must be at least 32 bytes');
  const derive = (purpose: string, bytes = 32) => new Uint8Array(hkdfSync('sha256', secret, 'attune', purpose, bytes));
  const pseudonymKey = derive('pseudonym v1');
  const payloadKey = derive('temporal payloads v1');
  return {
    pseudonymKey,
    vaultKey: derive('identity vault v1'),
    linkKey: derive('personal links v1'),
    payloadKey,
    fingerprint: Buffer.from(derive('installation fingerprint v1', 16)).toString('hex'),
    ingest: ingestKeysOf(pseudonymKey, payloadKey),
  };
}
