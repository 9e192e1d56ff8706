import { canaryText } from '../canary.ts';
import type { Organisation } from '../organisation/organisation.ts';
import type { Random } from '../random.ts';
import type { SlackChannel } from './slack-channel.ts';
import type { SlackDirectory } from './slack-directory.ts';
import type { SlackIdAllocator } from './slack-id-allocator.ts';

/** A channel, who (person ids) is in it, and how strongly its members tend to post there. */
export interface ChannelPlan {
  channel: SlackChannel;
  members: string[];
  /** Relative weight of this channel when a member posts a top-level message; 0 for none. */
  postingWeight: number;
}

interface ChannelSpec {
  name: string;
  members: string[];
  postingWeight: number;
  botIsMember?: boolean;
  isPrivate?: boolean;
  isArchived?: boolean;
}

function channelName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The channels of the simulated workspace: one per leaf team and per department, company-wide
 * general / random / incidents, a private channel for managers, an archived project channel,
 * and two public channels the attune bot is not in (reading them answers not_in_channel).
 */
export function planSlackChannels(org: Organisation, random: Random, ids: SlackIdAllocator, directory: SlackDirectory): ChannelPlan[] {
  const everyone = org.people.map((p) => p.id);
  const managers = org.teams.flatMap((t) => (t.managerId ? [t.managerId] : []));
  const departmentOf = new Map(org.teams.map((t) => [t.id, t.parentId]));
  const leafTeams = org.teams.filter((t) => t.parentId !== null && departmentOf.get(t.parentId) !== null);
  const departments = org.teams.filter((t) => t.parentId !== null && departmentOf.get(t.parentId) === null);

  const specs: ChannelSpec[] = [
    ...leafTeams.map((t) => ({ name: `team-${t.name}`, members: org.people.filter((p) => p.teamId === t.id).map((p) => p.id), postingWeight: 60 })),
    ...departments.map((d) => ({
      name: `dept-${d.name}`,
      members: org.people.filter((p) => p.teamId === d.id || departmentOf.get(p.teamId) === d.id).map((p) => p.id),
      postingWeight: 18,
    })),
    { name: 'general', members: everyone, postingWeight: 4 },
    { name: 'random', members: everyone, postingWeight: 6 },
    { name: 'incidents', members: everyone, postingWeight: 3 },
    { name: 'leads', members: managers, postingWeight: 8, isPrivate: true },
    { name: 'project-atlas', members: random.fork('atlas').sample(everyone, 8), postingWeight: 0, isArchived: true },
    { name: 'social-events', members: everyone, postingWeight: 3, botIsMember: false },
    { name: 'hiring-panel', members: managers, postingWeight: 4, botIsMember: false },
  ];

  const periodStart = Math.floor(org.period.start.getTime() / 1000);
  return specs.map((spec) => {
    const r = random.fork(`channel:${spec.name}`);
    const name = channelName(spec.name);
    const created = periodStart - r.int(60, 900) * 86_400;
    const creator = directory.userIdByPerson.get(r.pick(spec.members)) ?? directory.bot.userId;
    const botIsMember = spec.botIsMember ?? true;
    const channel: SlackChannel = {
      id: ids.next('C', r),
      name,
      name_normalized: name,
      is_channel: !spec.isPrivate,
      is_group: spec.isPrivate ?? false,
      is_im: false,
      is_mpim: false,
      is_private: spec.isPrivate ?? false,
      is_archived: spec.isArchived ?? false,
      is_general: name === 'general',
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: botIsMember,
      created,
      creator,
      context_team_id: directory.team.id,
      num_members: spec.members.length + (botIsMember ? 1 : 0),
      topic: { value: canaryText(r), creator, last_set: created },
      purpose: { value: canaryText(r), creator, last_set: created },
    };
    return { channel, members: spec.members, postingWeight: spec.postingWeight };
  });
}
