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
}

/** Derives the pseudonym, vault, link and payload keys and the fingerprint from the installation secret with HKDF-SHA-256, so none can be computed from another. */
export function deriveInstallationKeys(secret: Uint8Array): InstallationKeys {
  if (secret.length < 32) throw new RangeError('the installation secret must be at least 32 bytes');
  const derive = (purpose: string, bytes = 32) => new Uint8Array(hkdfSync('sha256', secret, 'attune', purpose, bytes));
  return {
    pseudonymKey: derive('pseudonym v1'),
    vaultKey: derive('identity vault v1'),
    linkKey: derive('personal links v1'),
    payloadKey: derive('temporal payloads v1'),
    fingerprint: Buffer.from(derive('installation fingerprint v1', 16)).toString('hex'),
  };
}
