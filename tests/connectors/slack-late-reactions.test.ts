import { describe, expect, it } from 'vitest';
import { openFeatureStore } from '../transforms/feature-store.ts';
import { startSlackFixture } from './slack-fixture.ts';

/** The local date (YYYY-MM-DD) of a Slack ts in a time zone. */
const localDay = (ts: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(Number(ts) * 1000));

describe('Slack reactions in the daily features', () => {
  it('a late reaction (dated at the message it reacts to) makes its reactor a collaborator that day, but adds no span, active time or focus', async () => {
    const f = await startSlackFixture({ seed: 17, variants: { lateReactions: 8 } });
    const store = await openFeatureStore([]);
    try {
      const connector = f.connector();
      const dir = await connector.readDirectory();
      const { events } = await f.readAll(connector, f.period);
      await store.store.upsertPeople(dir.people, 'slack');
      await store.load(events);
      await store.recompute('full');
      const rows = (await store.tables()).person_day_features ?? [];

      const late = f.workspace.variants.lateReactions;
      expect(late).toHaveLength(8);
      const pseudonymOf = new Map(dir.identities.flatMap((i) => i.sourceIds.map((s) => [s.id, i.pseudonym] as const)));
      const zoneOf = new Map(dir.people.map((p) => [p.pseudonym, p.timeZone]));
      const days = late.map(({ ts, userId }) => {
        const person = pseudonymOf.get(userId) as string;
        const day = localDay(ts, zoneOf.get(person) as string);
        return rows.find((r) => r.person === person && r.day === day);
      });
      // The reactor wrote nothing within a day of the message: the reaction is their only Slack trace that day.
      for (const row of days) {
        expect(row, 'the reactor still has the day, as a collaborator').toBeDefined();
        expect(Number(row?.distinct_collaborators)).toBeGreaterThanOrEqual(1);
        expect(row).toMatchObject({ workday_span_minutes: 0, active_minutes: 0, messages_sent: 0, focus_minutes: 0 });
      }
      expect(days.some((row) => row?.is_working_day === true), 'a working day, where a reaction alone used to earn focus time').toBe(true);
    } finally {
      await store.close();
      await f.close();
    }
  });
});
