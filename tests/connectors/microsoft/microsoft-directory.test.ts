import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../../../models/person.ts';
import { departmentOf } from '../../../simulator/organisation/department-of.ts';
import { calendarProviderOf } from '../../../simulator/organisation/plan-meetings.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

describe('Microsoft connector: directory', () => {
  let f: MicrosoftFixture;
  beforeAll(async () => {
    f = await startMicrosoftFixture({ people: 60 });
  });
  afterAll(() => f.close());

  const pseudonymOf = (personId: string) => {
    const p = f.org.people.find((x) => x.id === personId)!;
    const { directory } = f.sim.tenant;
    return personId === directory.hiddenMailPersonId ? f.pseudonymize('source-user', `microsoft:${directory.byPerson.get(personId)!.id}`) : f.pseudonymize('person', p.email);
  };

  it('reads people across pages: disabled accounts excluded, the account without mail unresolved', async () => {
    const before = f.sim.requests('users');
    const dir = await f.connector({ pageSize: 7 }).readDirectory();
    const accounts = f.sim.tenant.directory.users.length;
    expect(f.sim.requests('users') - before).toBe(Math.ceil(accounts / 7));
    expect(dir.people.map((p) => p.pseudonym).sort()).toEqual(f.org.people.map((p) => pseudonymOf(p.id)).sort());
    expect(dir.excluded).toBe(accounts - f.org.people.length);
    expect(dir.unresolved).toBe(1);
    expect(dir.people.filter((p) => !p.identityResolved).map((p) => p.pseudonym)).toEqual([pseudonymOf(f.sim.tenant.directory.hiddenMailPersonId)]);
    expect(dir.people.every((p) => Person.safeParse(p).success)).toBe(true);
    const hidden = dir.identities.find((i) => i.email === null)!;
    expect(hidden.sourceIds).toEqual([{ source: 'microsoft', id: f.sim.tenant.directory.byPerson.get(f.sim.tenant.directory.hiddenMailPersonId)!.id }]);
  });

  it('maps Windows and IANA zone names to IANA, and falls back to UTC (counted) for unknown or missing ones', async () => {
    const dir = await f.connector().readDirectory();
    const byPseudonym = new Map(dir.people.map((p) => [p.pseudonym, p]));
    const { unknownZonePersonId, ianaZonePersonIds } = f.sim.tenant.directory;
    expect(unknownZonePersonId).not.toBeNull();
    expect(ianaZonePersonIds.length).toBeGreaterThan(0);
    let windowsNamed = 0;
    for (const person of f.org.people) {
      const got = byPseudonym.get(pseudonymOf(person.id))!;
      const hasMailbox = calendarProviderOf(f.org, person.id) === 'microsoft';
      if (!hasMailbox || person.id === unknownZonePersonId) {
        expect(got.timeZone).toBe('UTC');
        expect(got.timeZoneKnown).toBe(false);
      } else {
        expect(got.timeZone).toBe(person.timeZone);
        expect(got.timeZoneKnown).toBe(true);
        if (!ianaZonePersonIds.includes(person.id)) windowsNamed++;
      }
    }
    expect(windowsNamed).toBeGreaterThan(5);
    const mailboxes = f.org.people.filter((p) => calendarProviderOf(f.org, p.id) === 'microsoft').length;
    expect(dir.people.filter((p) => !p.timeZoneKnown)).toHaveLength(f.org.people.length - mailboxes + 1);
  });

  it("takes each mailbox's working hours as the person's own, converting those stated in UTC", async () => {
    const dir = await f.connector().readDirectory();
    const byPseudonym = new Map(dir.people.map((p) => [p.pseudonym, p]));
    expect(f.sim.tenant.directory.utcWorkingHoursPersonIds.length).toBeGreaterThan(0);
    for (const person of f.org.people) {
      const got = byPseudonym.get(pseudonymOf(person.id))!;
      if (calendarProviderOf(f.org, person.id) === 'microsoft') {
        expect({ known: got.workingHoursKnown, start: got.workStartMinute, end: got.workEndMinute, days: got.workDays }, person.id).toEqual({
          known: true,
          start: person.workStartMinute,
          end: person.workEndMinute,
          days: [1, 2, 3, 4, 5],
        });
      } else expect(got.workingHoursKnown).toBe(false);
    }
  });

  it('builds department teams and a team per manager, named without names, with parents up the manager chain', async () => {
    const dir = await f.connector().readDirectory();
    const departments = departmentOf(f.org);
    const deptName = (personId: string) => f.org.teams.find((t) => t.id === departments.get(personId))?.name;
    const expectedDepartments = new Set(f.org.people.flatMap((p) => (deptName(p.id) ? [`microsoft:dept:${deptName(p.id)}`] : [])));
    const managers = new Set(f.org.people.flatMap((p) => (p.managerId ? [p.managerId] : [])));
    expect(new Set(dir.teams.filter((t) => t.team.startsWith('microsoft:dept:')).map((t) => t.team))).toEqual(expectedDepartments);
    const { byPerson } = f.sim.tenant.directory;
    const teamKey = (personId: string) => f.pseudonymize('team', `microsoft:mgr:${byPerson.get(personId)!.id}`);
    expect(new Set(dir.teams.filter((t) => t.team.startsWith('microsoft:mgr:')).map((t) => t.team))).toEqual(new Set([...managers].map((m) => `microsoft:mgr:${teamKey(m)}`)));
    for (const managerId of managers) {
      const manager = f.org.people.find((p) => p.id === managerId)!;
      const team = dir.teams.find((t) => t.team === `microsoft:mgr:${teamKey(managerId)}`)!;
      expect(team.parent).toBe(manager.managerId ? `microsoft:mgr:${teamKey(manager.managerId)}` : null);
      expect(team.teamName).toBe(`Team of a manager${deptName(managerId) ? ` in ${deptName(managerId)}` : ''} (${teamKey(managerId).slice(0, 6)})`);
      const members = dir.memberships.filter((m) => m.team === team.team).map((m) => m.person).sort();
      expect(members).toEqual([managerId, ...f.org.people.filter((p) => p.managerId === managerId).map((p) => p.id)].map(pseudonymOf).sort());
    }
    const names = f.org.people.flatMap((p) => [p.givenName, p.familyName]);
    expect(dir.teams.some((t) => names.some((n) => t.teamName.includes(n)))).toBe(false);
    // No team id, parent or name holds any person's pseudonym, or even its first six characters.
    const pseudonyms = dir.people.map((p) => p.pseudonym);
    const teamStrings = dir.teams.flatMap((t) => [t.team, t.teamName, t.parent ?? '']);
    expect(teamStrings.filter((s) => pseudonyms.some((p) => s.includes(p.slice(0, 6))))).toEqual([]);
    const segments = new Set(dir.segments.map((s) => s.dimension));
    expect(segments).toEqual(new Set(['department', 'location']));
    expect(dir.segments.filter((s) => s.dimension === 'department')).toHaveLength(f.org.people.filter((p) => deptName(p.id)).length);
  });

  it('lists a calendar stream per mailbox and a chat stream per person, named by pseudonym', async () => {
    const streams = await f.connector().listStreams();
    const mailboxes = f.org.people.filter((p) => calendarProviderOf(f.org, p.id) === 'microsoft');
    expect(streams.filter((s) => s.startsWith('calendar:')).sort()).toEqual(mailboxes.map((p) => `calendar:${pseudonymOf(p.id)}`).sort());
    expect(streams.filter((s) => s.startsWith('chat:')).sort()).toEqual(f.org.people.map((p) => `chat:${pseudonymOf(p.id)}`).sort());
  });
});
