import { localTime } from '../local-time.ts';
import type { Organisation } from '../organisation/organisation.ts';
import type { Random } from '../random.ts';
import type { SlackIdAllocator } from './slack-id-allocator.ts';
import type { SlackUser } from './slack-user.ts';

/** The people side of a simulated Slack workspace: members, bots, former members and the one hidden email. */
export interface SlackDirectory {
  team: { id: string; name: string; domain: string };
  /** The token's own identity: the attune app's bot user. */
  bot: { userId: string; botId: string; appId: string };
  /** An integration that posts bot_message messages. */
  postingBot: { userId: string; botId: string; username: string };
  /** Deactivated accounts (deleted: true), former members who posted early in the period. */
  formerUserIds: string[];
  users: SlackUser[];
  /** Slack user id of each simulated person id. */
  userIdByPerson: Map<string, string>;
  /** The real person listed without profile.email (an identity the pipeline cannot resolve). */
  hiddenEmail: { personId: string; userId: string };
}

function zoneLabel(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * Builds users.list for an organisation: one member per person (tz, tz_label and tz_offset as of
 * the period's end), two bots, two deleted accounts, and one non-manager, non-planted person
 * whose email is hidden.
 */
export function buildSlackDirectory(org: Organisation, random: Random, ids: SlackIdAllocator): SlackDirectory {
  const r = random.fork('directory');
  const team = { id: ids.next('T', r), name: org.name, domain: 'northwind-sim' };
  const updated = Math.floor(org.period.start.getTime() / 1000) - 86_400 * 30;
  const teamNames = new Map(org.teams.map((t) => [t.id, t.name]));
  const labels = new Map<string, string>();
  const labelOf = (timeZone: string): string => {
    const label = labels.get(timeZone) ?? zoneLabel(timeZone, org.period.end);
    labels.set(timeZone, label);
    return label;
  };
  const managers = new Set(org.teams.map((t) => t.managerId));
  const hiddenCandidates = org.people.filter((p) => p.planted === null && !managers.has(p.id));
  const hiddenPerson = r.pick(hiddenCandidates);

  const userIdByPerson = new Map<string, string>();
  const users: SlackUser[] = org.people.map((p) => {
    const id = ids.next('U', random.fork(`user:${p.id}`));
    userIdByPerson.set(p.id, id);
    const realName = `${p.givenName} ${p.familyName}`;
    const title = `${teamNames.get(p.teamId) ?? ''} ${managers.has(p.id) ? 'Lead' : 'Specialist'}`.trim();
    return {
      id,
      team_id: team.id,
      name: p.email.split('@')[0] ?? p.id,
      deleted: false,
      real_name: realName,
      tz: p.timeZone,
      tz_label: labelOf(p.timeZone),
      tz_offset: localTime.offsetMinutes(p.timeZone, org.period.end.getTime()) * 60,
      profile: {
        real_name: realName,
        display_name: p.givenName,
        title,
        ...(p.id === hiddenPerson.id ? {} : { email: p.email }),
      },
      is_admin: false,
      is_owner: p.managerId === null,
      is_bot: false,
      is_app_user: false,
      updated,
    };
  });

  const botUser = (name: string, realName: string): { user: SlackUser; botId: string; appId: string } => {
    const botId = ids.next('B', r);
    const appId = ids.next('A', r);
    const user: SlackUser = {
      id: ids.next('U', r),
      team_id: team.id,
      name,
      deleted: false,
      real_name: realName,
      profile: { real_name: realName, display_name: '', title: '', bot_id: botId, api_app_id: appId },
      is_admin: false,
      is_owner: false,
      is_bot: true,
      is_app_user: false,
      updated,
    };
    users.push(user);
    return { user, botId, appId };
  };
  const attune = botUser('attune', 'attune');
  const incidents = botUser('incident-bot', 'Incident Bot');

  const formerUserIds = ['Harper Quillon', 'Teo Marchbank'].map((realName) => {
    const id = ids.next('U', r);
    users.push({
      id,
      team_id: team.id,
      name: realName.toLowerCase().replace(' ', '.'),
      deleted: true,
      real_name: realName,
      profile: { real_name: realName, display_name: realName.split(' ')[0] ?? '', title: '' },
      is_admin: false,
      is_owner: false,
      is_bot: false,
      is_app_user: false,
      updated: updated + 86_400,
    });
    return id;
  });

  return {
    team,
    bot: { userId: attune.user.id, botId: attune.botId, appId: attune.appId },
    postingBot: { userId: incidents.user.id, botId: incidents.botId, username: 'Incident Bot' },
    formerUserIds,
    users: r.shuffle(users),
    userIdByPerson,
    hiddenEmail: { personId: hiddenPerson.id, userId: userIdByPerson.get(hiddenPerson.id) ?? '' },
  };
}
