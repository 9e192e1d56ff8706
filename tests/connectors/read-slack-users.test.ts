import { describe, expect, it } from 'vitest';
import { readSlackUsers } from '../../connectors/slack/read-slack-users.ts';
import type { SlackApi } from '../../connectors/slack/slack-api.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';

const pseudonymize = createPseudonymizer(Buffer.alloc(32, 3));

/** A SlackApi serving one users.list page. */
function apiServing(members: unknown[]): SlackApi {
  return {
    call: () => Promise.reject(new Error('not used')),
    async *pages(method, _args, schema) {
      expect(method).toBe('users.list');
      yield schema.parse({ ok: true, members });
    },
    requestsMade: () => 1,
  };
}

describe('readSlackUsers', () => {
  it('keeps people only, normalises emails, falls back to UTC and to per-account pseudonyms', async () => {
    const users = await readSlackUsers(
      apiServing([
        { id: 'UA', tz: 'Europe/Berlin', real_name: 'Ada', profile: { email: '  Ada@Example.TEST ', title: 'CTO' } },
        { id: 'UB', tz: 'Mars/Olympus_Mons', profile: {} },
        { id: 'UC', tz: null, profile: { email: 'c@example.test' } },
        { id: 'UD', tz: '+05:00', profile: { email: 'd@example.test' } },
        { id: 'USLACKBOT', profile: {} },
        { id: 'UBOT', is_bot: true, profile: { email: 'bot@example.test' } },
        { id: 'UGONE', deleted: true, profile: { email: 'gone@example.test' } },
        { id: 42 },
      ]),
      pseudonymize,
      100,
    );
    expect(users.excluded).toBe(4);
    expect(users.unresolved).toBe(1);
    expect([...users.pseudonyms.keys()]).toEqual(['UA', 'UB', 'UC', 'UD']);
    expect(users.pseudonyms.get('UA')).toBe(pseudonymize('person', 'ada@example.test'));
    expect(users.pseudonyms.get('UB')).toBe(pseudonymize('source-user', 'slack:UB'));
    expect(users.people.map((p) => [p.timeZone, p.identityResolved])).toEqual([
      ['Europe/Berlin', true],
      ['UTC', false],
      ['UTC', true],
      ['UTC', true],
    ]);
    expect(users.identities[0]).toEqual({ pseudonym: users.pseudonyms.get('UA'), email: 'ada@example.test', sourceIds: [{ source: 'slack', id: 'UA' }] });
    expect(JSON.stringify(users.people)).not.toMatch(/Ada|CTO|@/);
  });
});
