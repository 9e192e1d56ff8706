import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { publishReleases } from '../activities/run-release.ts';
import { graphManagerTeamKey } from '../connectors/microsoft/graph-teams.ts';
import { sourceUserIdentity } from '../connectors/source-user-identity.ts';
import { ConfigError } from '../models/errors.ts';
import type { IdentityRecord } from '../models/identity-record.ts';
import { installationFingerprint } from '../store/installation-fingerprint.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { sweepStagingFiles } from '../store/sweep-staging-files.ts';
import { openIdentity, sealIdentity } from '../transforms/identity-sealing.ts';
import { deriveInstallationKeys, type InstallationKeys } from '../transforms/installation-keys.ts';
import { keyRotationStatements, rotationKinds, type ResealedEntry, type RotatedValue, type RotationKind } from '../transforms/key-rotation-statements.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import type { Config } from './config.ts';
import { dataPaths, makeDataDirPrivate } from './data-paths.ts';
import { formatTable } from './format-table.ts';
import { dataDirKeyFile, decodeInstallationSecret, howToGenerate, loadInstallationSecret, pendingKeyFile } from './installation-secret.ts';
import { requireExistingStore } from './open-keyed-store.ts';

const newKeyVariable = 'ATTUNE_NEW_PSEUDONYM_KEY';

/** Where the new secret comes from and where it goes once the stores have taken it. */
interface NewSecret {
  secret: Uint8Array;
  /** The side file holding it until the stores commit, and the key file it then replaces; null when the secret is given by ATTUNE_PSEUDONYM_KEY. */
  files: { pending: string; keyFile: string } | null;
}

/**
 * The new secret: with ATTUNE_PSEUDONYM_KEY, the one in ATTUNE_NEW_PSEUDONYM_KEY (required);
 * with a key file, the one waiting in its side file from an interrupted rotation, else
 * ATTUNE_NEW_PSEUDONYM_KEY or 32 fresh random bytes, written to the side file (0600) first.
 * Weak keys are refused as when loading.
 */
async function newSecretOf(config: Config, newKeyText: string | undefined): Promise<NewSecret> {
  if (config.pseudonymKey) {
    if (!newKeyText) {
      throw new ConfigError(
        `the installation secret is given by ATTUNE_PSEUDONYM_KEY, so attune keeps no key file to rotate: set ${newKeyVariable} to the new secret (${howToGenerate}) and run attune keys rotate again`,
        newKeyVariable,
      );
    }
    return { secret: decodeInstallationSecret(newKeyText, newKeyVariable), files: null };
  }
  const keyFile = config.keyFile ?? dataDirKeyFile(config.dataDir);
  const pending = pendingKeyFile(keyFile);
  if (existsSync(pending)) return { secret: decodeInstallationSecret((await readFile(pending, 'utf8')).trim(), pending), files: { pending, keyFile } };
  const secret = newKeyText ? decodeInstallationSecret(newKeyText, newKeyVariable) : new Uint8Array(randomBytes(32));
  await writeFile(pending, Buffer.from(secret).toString('base64') + '\n', { mode: 0o600, flag: 'wx', flush: true });
  return { secret, files: { pending, keyFile } };
}

/**
 * The identity's pseudonym under `pseudonymize`, from the same input the connectors use
 * (sourceUserIdentity): its e-mail, or else one of its source accounts; undefined when none of
 * its inputs gives `expected` (checked under the old key, so a record is never mapped by a guess).
 */
function pseudonymFrom(record: IdentityRecord, pseudonymize: ReturnType<typeof createPseudonymizer>, expected?: string): string | undefined {
  const candidates = record.sourceIds.map((s) => sourceUserIdentity(pseudonymize, s.source, s.id, record.email).pseudonym);
  return candidates.find((c) => expected === undefined || c === expected);
}

/**
 * Every keyed value of the store under the old keys and the new ones, and the vault sealed under
 * the new vault key: each vault record is opened with the old vault key, its pseudonym recomputed
 * from its identity under both pseudonym keys (a record whose inputs do not give back its stored
 * pseudonym stops the rotation), and each Microsoft account's manager team key rotated with it.
 */
async function rotationOf(store: PrivateStore, old: InstallationKeys, next: InstallationKeys): Promise<{ values: RotatedValue[]; vault: ResealedEntry[] }> {
  const [oldPseudonym, newPseudonym] = [createPseudonymizer(old.pseudonymKey), createPseudonymizer(next.pseudonymKey)];
  const pseudonyms = (await store.select({ sql: 'SELECT pseudonym FROM identity_vault ORDER BY pseudonym' })).map((r) => String(r.pseudonym));
  const values: RotatedValue[] = [];
  const vault: ResealedEntry[] = [];
  for (const entry of await store.readVaultEntries(pseudonyms)) {
    const record = openIdentity(old.vaultKey, entry);
    if (pseudonymFrom(record, oldPseudonym, entry.pseudonym) === undefined) {
      throw new ConfigError(
        'an identity vault record does not give back its own pseudonym under the current secret, so the store cannot be re-keyed safely: nothing was changed. Check that ATTUNE_DATA_DIR and the key belong together',
        'ATTUNE_DATA_DIR',
      );
    }
    const pseudonym = pseudonymFrom(record, newPseudonym) as string;
    values.push({ old: entry.pseudonym, new: pseudonym });
    vault.push({ pseudonym, sealed: Buffer.from(sealIdentity(next.vaultKey, { ...record, pseudonym }).sealed).toString('base64') });
    for (const { id } of record.sourceIds.filter((s) => s.source === 'microsoft')) {
      const [was, is] = [graphManagerTeamKey(oldPseudonym, id), graphManagerTeamKey(newPseudonym, id)];
      values.push({ old: was, new: is }, { old: `(${was.slice(0, 6)})`, new: `(${is.slice(0, 6)})` });
    }
  }
  return { values, vault };
}

/** What every admin must do after a rotation: what was derived from the old secret outside the stores stops working. */
const keysToReissue =
  'ingest workers need a new ATTUNE_INGEST_KEY (print it with attune keys ingest-key), and links people were sent before no longer open: send new ones with attune link\n';

/** What the admin must do once the stores have the new secret given by ATTUNE_NEW_PSEUDONYM_KEY. */
const environmentAdvice =
  `now set ATTUNE_PSEUDONYM_KEY to the value of ${newKeyVariable} on every worker and client (and unset ${newKeyVariable}): ` +
  'until then every command refuses this data directory (its fingerprint is the new secret\'s)\n';

/**
 * `attune keys rotate` (admins): moves the installation to a new secret, so the old one opens and
 * re-identifies nothing in the stores. In one transaction on the private store
 * (keyRotationStatements): every pseudonym, manager team id and nudge key re-derived under the new
 * key from the vault's identities, raw events and cursors forgotten (the next run reads them
 * again), the vault re-sealed, every release marked for publishing again and the fingerprint
 * replaced. Then the releases are published again (the analytics store's team ids re-keyed), the
 * staging files swept and the store file rewritten with its live rows only. With a key file, the
 * new secret waits in a side file until the store has committed and only then replaces the key
 * file (a crash in between: the next `attune keys rotate` finishes it); with
 * ATTUNE_PSEUDONYM_KEY, it comes from ATTUNE_NEW_PSEUDONYM_KEY and the admin is told what to
 * change. Prints counts only.
 */
export async function keysRotateCommand(config: Config, newKeyText: string | undefined, out: (text: string) => void): Promise<number> {
  requireExistingStore(config.dataDir);
  await makeDataDirPrivate(config.dataDir);
  const old = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey, { create: false, keyFile: config.keyFile }));
  const { secret, files } = await newSecretOf(config, newKeyText);
  const next = deriveInstallationKeys(secret);
  if (next.fingerprint === old.fingerprint) throw new ConfigError(`the new secret is the one in use: give another (${howToGenerate})`, newKeyVariable);
  const store = await openPrivateStore(config.dataDir, config.duckdb);
  const counts = Object.fromEntries(Object.keys(rotationKinds).map((kind) => [kind, 0])) as Record<RotationKind, number>;
  let finished = false;
  try {
    const recorded = await installationFingerprint.read(store);
    if (recorded !== next.fingerprint) {
      if (recorded !== old.fingerprint) {
        throw new ConfigError(`the data in ${config.dataDir} was created with another secret than the one given: nothing was rotated. Point ATTUNE_DATA_DIR and the key at the same installation`, 'ATTUNE_DATA_DIR');
      }
      const { values, vault } = await rotationOf(store, old, next);
      const steps = keyRotationStatements(values, vault, next.fingerprint);
      const changed = await store.runCounted(steps.map((s) => s.statement));
      steps.forEach(({ kind }, i) => {
        if (kind !== null) counts[kind] += changed[i] ?? 0;
      });
    } else finished = true;
    // Published anew into a new file: one rewritten in place could keep old team ids in freed blocks.
    const { analyticsPath } = dataPaths(config.dataDir, config.analyticsDir);
    await Promise.all([rm(analyticsPath, { force: true }), rm(`${analyticsPath}.wal`, { force: true })]);
    const publication = await publishReleases(store, analyticsPath);
    if (publication.failure !== null) out(`the analytics store could not be rewritten (${publication.failure}): the next attune run publishes the releases again\n`);
    await sweepStagingFiles(dataPaths(config.dataDir).stagingDir);
  } finally {
    await store.close({ compact: true });
  }
  if (files) await rename(files.pending, files.keyFile);
  if (finished) out('the stores already had the new secret (an earlier rotation was interrupted): finished it\n');
  else out(formatTable(['key rotation', 'count'], (Object.keys(rotationKinds) as RotationKind[]).map((kind) => [rotationKinds[kind], counts[kind]])));
  if (!files) out(environmentAdvice);
  out(keysToReissue);
  return 0;
}
