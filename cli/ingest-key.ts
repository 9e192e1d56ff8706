import { ConfigError } from '../models/errors.ts';
import { deriveInstallationKeys, ingestKeysOf, type IngestKeys } from '../transforms/installation-keys.ts';
import type { Config } from './config.ts';
import { loadInstallationSecret } from './installation-secret.ts';

/** What an ingest key starts with: says what it is, and which layout follows. */
const ingestKeyPrefix = 'attune-ingest-key-v2.';
/** The layout before the directory sealing key: two keys, no longer enough for a worker. */
const ingestKeyPrefixV1 = 'attune-ingest-key-v1.';
const whereToGetOne = 'print one with attune keys ingest-key on a host holding the installation secret';

/**
 * The text of ATTUNE_INGEST_KEY: the prefix and the pseudonym key, the payload key and the
 * directory sealing key, base64url. The first two derive from the installation secret by HKDF and
 * the third is the public key of a third HKDF-derived key, so none gives back the secret, the vault
 * key, the directory opening key or any other key.
 */
export function formatIngestKey(keys: IngestKeys): string {
  return ingestKeyPrefix + Buffer.concat([keys.pseudonymKey, keys.payloadKey, keys.directorySealingKey]).toString('base64url');
}

/** Reads ATTUNE_INGEST_KEY as formatIngestKey wrote it; anything else (an older v1 key too) is refused, saying where a good one comes from. */
export function parseIngestKey(text: string): IngestKeys {
  if (text.startsWith(ingestKeyPrefixV1)) {
    throw new ConfigError(`ATTUNE_INGEST_KEY is an older ingest key (v1), without the key that seals directories for the store worker: ${whereToGetOne}, and set it on every ingest host`, 'ATTUNE_INGEST_KEY');
  }
  const bytes = text.startsWith(ingestKeyPrefix) ? Buffer.from(text.slice(ingestKeyPrefix.length), 'base64url') : Buffer.alloc(0);
  if (bytes.length !== 96) throw new ConfigError(`ATTUNE_INGEST_KEY is not an attune ingest key (it starts ${ingestKeyPrefix} and holds 96 bytes): ${whereToGetOne}`, 'ATTUNE_INGEST_KEY');
  const key = (at: number) => new Uint8Array(bytes.subarray(at, at + 32));
  return ingestKeysOf(key(0), key(32), key(64));
}

/**
 * The keys of a worker serving only the ingest queue: ATTUNE_INGEST_KEY, never the installation
 * secret (which the vault key derives from). A worker given the secret, or nothing, stops naming
 * what to set; it never creates a key.
 */
export function ingestWorkerKeys(config: Pick<Config, 'pseudonymKey' | 'keyFile' | 'ingestKey'>): IngestKeys {
  const secret = config.pseudonymKey ? 'ATTUNE_PSEUDONYM_KEY' : config.keyFile ? 'ATTUNE_KEY_FILE' : null;
  if (secret) {
    throw new ConfigError(
      `an ingest worker must not hold the installation secret (${secret} is set): unset ${secret} and set ATTUNE_INGEST_KEY instead (${whereToGetOne})`,
      secret,
    );
  }
  if (!config.ingestKey) throw new ConfigError(`an ingest worker needs ATTUNE_INGEST_KEY: ${whereToGetOne}`, 'ATTUNE_INGEST_KEY');
  return parseIngestKey(config.ingestKey);
}

/**
 * `attune keys ingest-key`: prints the installation's ingest key on stdout, for the admin to hand
 * to the ingest hosts as ATTUNE_INGEST_KEY (kept as a secret: it pseudonymises and reads workflow
 * history). Reads the installation secret, never creates one. Returns the exit code.
 */
export async function ingestKeyCommand(config: Config, out: (text: string) => void): Promise<number> {
  const secret = await loadInstallationSecret(config.dataDir, config.pseudonymKey, { create: false, keyFile: config.keyFile });
  out(`${formatIngestKey(deriveInstallationKeys(secret).ingest)}\n`);
  return 0;
}
