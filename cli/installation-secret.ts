import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError } from '../models/errors.ts';
import { isInsideDataDir, modeOpenToOthers } from './data-paths.ts';

const keyFileName = 'installation.key';

/** How to make a good secret, for the messages that refuse or ask for one. */
export const howToGenerate = 'generate one with: openssl rand -hex 32';

/**
 * Why a secret's bytes are too easy to guess, or undefined when they look random: 32 random bytes
 * have about 30 distinct values, never repeat a pattern, and are almost never all printable text.
 * (A text such as `passwordpassword…` or a hex-encoded passphrase fails at least one of these.)
 */
function weakness(bytes: Uint8Array): string | undefined {
  if (new Set(bytes).size < 16) return 'it has too few distinct bytes';
  for (let period = 1; period <= bytes.length / 2; period++) {
    if (bytes.every((byte, i) => i < period || byte === bytes[i - period])) return 'it repeats a pattern';
  }
  if (bytes.every((byte) => byte >= 0x20 && byte < 0x7f)) return 'it is text, not random bytes';
  return undefined;
}

/**
 * Decodes an installation secret given as hex or base64 (`setting` names where it came from, for
 * the error): it must hold at least 32 bytes that look random. A text key is refused, since every
 * pseudonym is only as hard to reverse as the key is to guess.
 */
export function decodeInstallationSecret(text: string, setting: string): Uint8Array {
  const isText = !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text);
  const bytes = /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length < 32) throw new ConfigError(`${setting} must hold at least 32 random bytes, hex or base64 (${howToGenerate})`, setting);
  // Base64 of random bytes mixes cases and digits; letters of one case alone are a word, not a key.
  const why = isText || /^([a-z]+|[A-Z]+)$/.test(text) ? 'it is text, not random bytes' : weakness(bytes);
  if (why) throw new ConfigError(`${setting} is too easy to guess (${why}): it must be 32 random bytes, hex or base64; ${howToGenerate}`, setting);
  return new Uint8Array(bytes);
}

/** The key file attune keeps in the data directory when no secret is given (the demo's setup, not production's). */
export function dataDirKeyFile(dataDir: string): string {
  return join(dataDir, keyFileName);
}

/**
 * Where `attune keys rotate` keeps the new secret beside `keyFile` until the stores have taken it:
 * renamed over `keyFile` only then, so a crash leaves either the old key with stores under it, or
 * this file with stores under the new key (the next `attune keys rotate` finishes the move).
 */
export function pendingKeyFile(keyFile: string): string {
  return `${keyFile}.next`;
}

/**
 * Refuses an ATTUNE_KEY_FILE inside the data directory: whoever may read the stores must not
 * thereby hold the key that opens the vault and links pseudonyms to people.
 */
export function checkKeyFileOutside(keyFile: string, dataDir: string): void {
  if (isInsideDataDir(keyFile, dataDir)) {
    throw new ConfigError(
      `ATTUNE_KEY_FILE (${keyFile}) is inside the data directory ${dataDir}: the key must live apart from the data it protects. Move it to a folder of its own (e.g. /etc/attune/installation.key) and point ATTUNE_KEY_FILE there`,
      'ATTUNE_KEY_FILE',
    );
  }
}

/** Refuses a key file that anyone but its owner may read or write (mode beyond 0600), naming it and the fix. */
async function checkKeyFileMode(path: string): Promise<void> {
  const mode = await modeOpenToOthers(path);
  if (mode !== null) {
    throw new ConfigError(
      `the installation key file ${path} is readable or writable by others (mode ${mode.toString(8)}): run chmod 600 ${path}, then try again`,
      'ATTUNE_KEY_FILE',
    );
  }
}

/**
 * The installation secret every pseudonym and the vault key derive from: ATTUNE_PSEUDONYM_KEY
 * when set; else `keyFile` (ATTUNE_KEY_FILE, outside the data directory, never created by
 * attune); else the data directory's key file, created on first run with mode 0600 unless
 * `create` is false (Temporal workers: a worker minting its own key would pseudonymise people
 * apart from every other worker, silently), in which case a missing key stops with what to set.
 * A key file more open than 0600 is refused. Losing the secret makes every stored pseudonym
 * unreachable from a real identity, by design.
 */
export async function loadInstallationSecret(
  dataDir: string,
  fromEnvironment: string | undefined,
  { create = true, keyFile }: { create?: boolean; keyFile?: string } = {},
): Promise<Uint8Array> {
  if (fromEnvironment) return decodeInstallationSecret(fromEnvironment, 'ATTUNE_PSEUDONYM_KEY');
  if (keyFile) {
    checkKeyFileOutside(keyFile, dataDir);
    const text = await readFile(keyFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new ConfigError(`ATTUNE_KEY_FILE names ${keyFile}, which does not exist: create it with openssl rand -hex 32 > ${keyFile} && chmod 600 ${keyFile}`, 'ATTUNE_KEY_FILE');
    });
    await checkKeyFileMode(keyFile);
    // Again with links resolved: a link outside to a file inside the data directory is inside too.
    checkKeyFileOutside(await realpath(keyFile), await realpath(dataDir).catch(() => dataDir));
    return decodeInstallationSecret(text.trim(), `ATTUNE_KEY_FILE (${keyFile})`);
  }
  const path = dataDirKeyFile(dataDir);
  if (create) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new ConfigError(
      `no installation key at ${path}: only attune run and attune import create one, never a worker or another command. Set ATTUNE_PSEUDONYM_KEY to the secret this installation uses, the same on every worker (e.g. the content of its installation.key; for a new installation: ${howToGenerate})`,
      'ATTUNE_PSEUDONYM_KEY',
    );
  });
  await checkKeyFileMode(path);
  return decodeInstallationSecret(text.trim(), path);
}
