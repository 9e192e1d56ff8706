import { describe, expect, it } from 'vitest';
import { mergeIdentityRecord } from '../../transforms/merge-identity-record.ts';

describe('mergeIdentityRecord', () => {
  const pseudonym = 'c'.repeat(32);
  it('keeps the source ids of every source once and the email where one source has it', () => {
    const slack = { pseudonym, email: 'ann@example.com', sourceIds: [{ source: 'slack' as const, id: 'U1' }] };
    const jira = { pseudonym, email: null, sourceIds: [{ source: 'jira' as const, id: 'acc-1' }, { source: 'slack' as const, id: 'U1' }] };
    expect(mergeIdentityRecord(slack, jira)).toEqual({
      pseudonym,
      email: 'ann@example.com',
      sourceIds: [
        { source: 'slack', id: 'U1' },
        { source: 'jira', id: 'acc-1' },
      ],
    });
    expect(mergeIdentityRecord(undefined, jira)).toBe(jira);
  });
});
