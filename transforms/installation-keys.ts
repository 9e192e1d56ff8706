import { hkdfSync } from 'node:crypto';

/** The keys one installation works with, each derived from its one secret. */
export interface InstallationKeys {
  /** Keys the HMAC of every pseudonym. */
  pseudonymKey: Uint8Array;
  /** Keys the AES-256-GCM encryption of the identity vault. */
  vaultKey: Uint8Array;
  /** Keys the HMAC of personal links (a person's page, snooze and stop). */
  linkKey: Uint8Array;
}

/** Derives the pseudonym, vault and link keys from the installation secret with HKDF-SHA-256, so no key can be computed from another. */
export function deriveInstallationKeys(secret: Uint8Array): InstallationKeys {
  if (secret.length < 32) throw new RangeError('the installation secret must be at least 32 bytes');
  const derive = (purpose: string) => new Uint8Array(hkdfSync('sha256', secret, 'attune', purpose, 32));
  return { pseudonymKey: derive('pseudonym v1'), vaultKey: derive('identity vault v1'), linkKey: derive('personal links v1') };
}
