import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Pseudonym } from '../../models/pseudonym.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';

describe('pseudonymizer', () => {
  const key = randomBytes(32);
  const pseudonymize = createPseudonymizer(key);

  it('gives one pseudonym per normalised email, valid under the schema', () => {
    const a = pseudonymize('person', normaliseEmail('  Ada.Lovelace@Example.COM '));
    const b = pseudonymize('person', normaliseEmail('ada.lovelace@example.com'));
    expect(a).toBe(b);
    expect(Pseudonym.safeParse(a).success).toBe(true);
  });

  it('depends on the key, unlike a plain hash', () => {
    const other = createPseudonymizer(randomBytes(32));
    expect(other('person', 'ada@example.com')).not.toBe(pseudonymize('person', 'ada@example.com'));
    expect(pseudonymize('person', 'ada@example.com')).not.toBe(createHash('sha256').update('ada@example.com').digest('hex').slice(0, 32));
  });

  it('keeps namespaces apart', () => {
    expect(pseudonymize('person', 'C123')).not.toBe(pseudonymize('conversation', 'C123'));
  });

  it('gives every person the pseudonym a fresh HMAC gives, the people it remembers and those past what it keeps alike', () => {
    const fresh = (namespace: string, value: string) => createHmac('sha256', key).update(`${namespace}\0${value}`).digest('hex').slice(0, 32);
    const first = pseudonymize('person', 'ada@example.com');
    expect(pseudonymize('person', 'ada@example.com')).toBe(first);
    expect(pseudonymize('source-user', 'ada@example.com')).not.toBe(first);
    const wrong = [];
    for (let i = 0; i < 150_000; i++) if (pseudonymize('person', `person-${i}@example.com`) !== fresh('person', `person-${i}@example.com`)) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(pseudonymize('person', 'ada@example.com')).toBe(fresh('person', 'ada@example.com'));
    expect(pseudonymize('source-user', 'ada@example.com')).toBe(fresh('source-user', 'ada@example.com'));
    expect(pseudonymize('event', 'ada@example.com')).toBe(fresh('event', 'ada@example.com'));
  });

  it('refuses a short key', () => {
    expect(() => createPseudonymizer(randomBytes(16))).toThrow(/at least 32 bytes/);
  });
});
