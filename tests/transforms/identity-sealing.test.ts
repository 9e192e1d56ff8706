import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { openIdentity, sealIdentity } from '../../transforms/identity-sealing.ts';

describe('identity vault sealing', () => {
  const { vaultKey, pseudonymKey } = deriveInstallationKeys(randomBytes(32));
  const record = { pseudonym: 'a'.repeat(32), email: 'ada@example.com', sourceIds: [{ source: 'slack' as const, id: 'U0ADA' }] };

  it('round-trips and hides the email', () => {
    const sealed = sealIdentity(vaultKey, record);
    expect(Buffer.from(sealed.sealed).toString('latin1')).not.toContain('ada@example.com');
    expect(Buffer.from(sealed.sealed).toString('latin1')).not.toContain('U0ADA');
    expect(openIdentity(vaultKey, sealed)).toEqual(record);
  });

  it('refuses the wrong key, a moved row and a flipped byte', () => {
    const sealed = sealIdentity(vaultKey, record);
    expect(() => openIdentity(pseudonymKey, sealed)).toThrow();
    expect(() => openIdentity(vaultKey, { ...sealed, pseudonym: 'b'.repeat(32) })).toThrow();
    const flipped = new Uint8Array(sealed.sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => openIdentity(vaultKey, { ...sealed, sealed: flipped })).toThrow();
  });

  it('derives distinct keys from one secret', () => {
    expect(Buffer.from(vaultKey).equals(Buffer.from(pseudonymKey))).toBe(false);
    expect(vaultKey).toHaveLength(32);
  });
});
