import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../models/errors.ts';
import { installationFingerprint } from '../store/installation-fingerprint.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { deriveInstallationKeys, type InstallationKeys } from '../transforms/installation-keys.ts';
import type { Config } from './config.ts';
import { makeDataDirPrivate } from './data-paths.ts';
import { dataDirKeyFile, loadInstallationSecret, pendingKeyFile } from './installation-secret.ts';

/** What a command may create in a data directory that has no installation yet. */
export interface KeyedStoreCreation {
  /** The private store: only `attune run`, `attune import` and the store worker start an installation. */
  store: boolean;
  /** The key file (when ATTUNE_PSEUDONYM_KEY is unset): never by a Temporal worker. Defaults to `store`. */
  key?: boolean;
}

/** Refuses a data directory without a private store, saying what to do: only attune run and attune import start one. */
export function requireExistingStore(dataDir: string): void {
  if (existsSync(join(dataDir, 'attune.duckdb'))) return;
  throw new ConfigError(
    `there is no attune data in ${dataDir}: point ATTUNE_DATA_DIR at the data directory, or start one with attune run (or attune import)`,
    'ATTUNE_DATA_DIR',
  );
}

/**
 * The installation's keys and its private store, opened together and checked to belong together
 * before anything is written: a store created with another secret is refused (its people would
 * all be counted a second time under new pseudonyms); a new store records the secret's
 * fingerprint. A command that may not create a store refuses a data directory without one,
 * saying what to do, and creates neither store nor key there. The data directory is made private
 * to its owner (makeDataDirPrivate) first.
 */
export async function openKeyedStore(config: Config, create: KeyedStoreCreation): Promise<{ keys: InstallationKeys; store: PrivateStore }> {
  if (!create.store) requireExistingStore(config.dataDir);
  await makeDataDirPrivate(config.dataDir);
  const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey, { create: create.key ?? create.store, keyFile: config.keyFile }));
  const store = await openPrivateStore(config.dataDir, config.duckdb);
  try {
    const recorded = await installationFingerprint.read(store);
    if (recorded === null) await installationFingerprint.record(store, keys.fingerprint);
    else if (recorded !== keys.fingerprint) {
      const pending = pendingKeyFile(config.keyFile ?? dataDirKeyFile(config.dataDir));
      if (!config.pseudonymKey && existsSync(pending)) {
        throw new ConfigError(
          `a key rotation was interrupted after the data in ${config.dataDir} took the new secret, which waits in ${pending}: run attune keys rotate again to finish it (it moves that file into place), then retry`,
          'ATTUNE_KEY_FILE',
        );
      }
      const secret = config.pseudonymKey ? 'ATTUNE_PSEUDONYM_KEY' : config.keyFile ? `ATTUNE_KEY_FILE (${config.keyFile})` : `the key file ${dataDirKeyFile(config.dataDir)}`;
      throw new ConfigError(
        `the data in ${config.dataDir} was created with another installation secret than ${secret}: using it would count every person twice, so nothing was done. ` +
          'Set ATTUNE_PSEUDONYM_KEY to the secret this data directory was created with (or unset it to use the directory\'s own installation.key), or point ATTUNE_DATA_DIR at another folder',
        'ATTUNE_PSEUDONYM_KEY',
      );
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return { keys, store };
}
