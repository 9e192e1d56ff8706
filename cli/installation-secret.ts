import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError } from '../models/errors.ts';

const keyFileName = 'installation.key';

/** Decodes a secret given as hex or base64; it must hold at least 32 bytes. */
function decodeSecret(text: string, setting: string): Uint8Array {
  const bytes = /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length < 32) {
    throw new ConfigError(`${setting} must hold at least 32 random bytes, hex or base64 (try: openssl rand -base64 32)`, setting);
  }
  return new Uint8Array(bytes);
}

/**
 * The installation secret every pseudonym and the vault key derive from: ATTUNE_PSEUDONYM_KEY
 * when set, else the data directory's key file, created on first run with mode 0600 unless
 * `create` is false (Temporal workers: a worker minting its own key would pseudonymise people
 * apart from every other worker, silently), in which case a missing key stops with what to set.
 * Losing it makes every stored pseudonym unreachable from a real identity, by design.
 */
export async function loadInstallationSecret(dataDir: string, fromEnvironment: string | undefined, { create = true }: { create?: boolean } = {}): Promise<Uint8Array> {
  if (fromEnvironment) return decodeSecret(fromEnvironment, 'ATTUNE_PSEUDONYM_KEY');
  const path = join(dataDir, keyFileName);
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
      `no installation key: a worker never creates one. Set ATTUNE_PSEUDONYM_KEY to the same secret on every worker (e.g. the content of an existing ${path}, or openssl rand -base64 32 for a new installation)`,
      'ATTUNE_PSEUDONYM_KEY',
    );
  });
  return decodeSecret(text.trim(), path);
}
