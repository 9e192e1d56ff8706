import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySnapshot } from '../../models/directory-snapshot.ts';
import { directorySealingKeyOf, openDirectorySnapshot, sealDirectorySnapshot } from '../../transforms/directory-sealing.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { testKeys, testSecretHex } from '../helpers/test-secret.ts';

// Issue 16: directories are read on the ingest queue and staged for the store worker, sealed to
// its X25519 public key; the ingest hosts hold that public key only.

const otherKeys = deriveInstallationKeys(Buffer.from([...Buffer.from(testSecretHex, 'hex')].reverse()));
const sealingKey = testKeys.ingest.directorySealingKey;
const openingKey = testKeys.directoryOpeningKey;

describe('directory snapshots sealed to the store worker', () => {
  let f: SlackFixture;
  let snapshot: DirectorySnapshot;
  beforeAll(async () => {
    f = await startSlackFixture({ people: 24, weeks: 1 });
    snapshot = await f.connector().readDirectory();
  });
  afterAll(() => f.close());

  it('round-trips, sealing the same snapshot differently each time (a fresh ephemeral key per snapshot)', () => {
    expect(snapshot.identities.length).toBeGreaterThanOrEqual(20);
    const [a, b] = [sealDirectorySnapshot(sealingKey, snapshot), sealDirectorySnapshot(sealingKey, snapshot)];
    expect(a.equals(b)).toBe(false);
    expect(openDirectorySnapshot(openingKey, a)).toEqual(snapshot);
    expect(openDirectorySnapshot(openingKey, b)).toEqual(snapshot);
  });

  it("refuses another installation's key, a flipped byte anywhere, a cut file and a foreign file", () => {
    const sealed = sealDirectorySnapshot(sealingKey, snapshot);
    expect(openDirectorySnapshot(otherKeys.directoryOpeningKey, sealed)).toBeNull();
    // Sealed to the other installation's public key: this store's key does not open it either.
    expect(openDirectorySnapshot(openingKey, sealDirectorySnapshot(otherKeys.ingest.directorySealingKey, snapshot))).toBeNull();
    // Header, ephemeral key, iv, tag and body: every part is authenticated.
    for (const at of [0, 30, 60, 70, 90, sealed.length - 1]) {
      const flipped = Buffer.from(sealed);
      flipped[at] = (flipped[at] ?? 0) ^ 1;
      expect(openDirectorySnapshot(openingKey, flipped), `byte ${at}`).toBeNull();
    }
    expect(openDirectorySnapshot(openingKey, sealed.subarray(0, sealed.length - 1))).toBeNull();
    expect(openDirectorySnapshot(openingKey, sealed.subarray(0, 40))).toBeNull();
    expect(openDirectorySnapshot(openingKey, Buffer.from(JSON.stringify(snapshot)))).toBeNull();
  });

  it("holds no email, user id or pseudonym of the directory, nor a person's name, in any form; unsealed, it holds every email, id and pseudonym", () => {
    const users = f.workspace.users.filter((u) => !u.is_bot && u.profile.email);
    const identifiers = [...users.flatMap((u) => [u.profile.email!, u.id]), ...snapshot.people.map((p) => p.pseudonym)];
    const names = users.flatMap((u) => [u.profile.real_name, u.profile.display_name]).filter((name) => name.length >= 6);
    expect(identifiers.length).toBeGreaterThan(60);
    expect(names.length).toBeGreaterThanOrEqual(users.length);
    /** Each needle as UTF-8 and UTF-16 text, a pseudonym also as its 16 raw bytes. */
    const forms = (needle: string) => [Buffer.from(needle), Buffer.from(needle, 'utf16le'), ...(/^[0-9a-f]{32}$/.test(needle) ? [Buffer.from(needle, 'hex')] : [])];
    const found = (bytes: Buffer, needles: string[]) => needles.filter((needle) => forms(needle).some((form) => bytes.includes(form)));

    // The scan with the defence off: an unsealed snapshot names every person by email, id and pseudonym.
    const unsealed = Buffer.from(JSON.stringify(snapshot));
    expect(found(unsealed, identifiers)).toEqual(identifiers);
    const sealed = sealDirectorySnapshot(sealingKey, snapshot);
    expect(found(sealed, [...identifiers, ...names])).toEqual([]);
  });

  it("derives the store's key pair from the installation secret alone: the ingest key carries the public half, never the private one", () => {
    expect(Buffer.from(directorySealingKeyOf(openingKey)).equals(Buffer.from(sealingKey))).toBe(true);
    expect(Buffer.from(sealingKey).equals(Buffer.from(otherKeys.ingest.directorySealingKey))).toBe(false);
    expect(Buffer.from(deriveInstallationKeys(Buffer.from(testSecretHex, 'hex')).directoryOpeningKey).equals(Buffer.from(openingKey))).toBe(true);
    for (const key of Object.values(testKeys.ingest).filter((value) => value instanceof Uint8Array)) {
      expect(Buffer.from(key).equals(Buffer.from(openingKey))).toBe(false);
    }
    expect(() => directorySealingKeyOf(new Uint8Array(16))).toThrow(RangeError);
  });
});
