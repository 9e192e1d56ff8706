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
 * when set, else the data directory's key file, created on first run with mode 0600.
 * Losing it makes every stored pseudonym unreachable from a real identity, by design.
 */
export async function loadInstallationSecret(dataDir: string, fromEnvironment: string | undefined): Promise<Uint8Array> {
  if (fromEnvironment) return decodeSecret(fromEnvironment, 'ATTUNE_PSEUDONYM_KEY');
  const path = join(dataDir, keyFileName);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return decodeSecret((await readFile(path, 'utf8')).trim(), path);
}
