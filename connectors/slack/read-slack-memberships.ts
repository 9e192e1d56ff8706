import { z } from 'zod';
import type { Pseudonym } from '../../models/pseudonym.ts';
import type { Team } from '../../models/team.ts';
import type { TeamMembership } from '../../models/team-membership.ts';
import type { SlackApi } from './slack-api.ts';
import { SlackMethodUnavailableError, type SlackUnavailableCode } from './slack-method-unavailable-error.ts';
import { SlackUsergroup } from './wire/slack-usergroup.ts';

const UsergroupsPage = z.object({ usergroups: z.array(z.unknown()) });

/** The teams read from a workspace's user groups, or why there are none to read. */
export interface SlackMemberships {
  teams: Team[];
  memberships: TeamMembership[];
  /** Why the workspace offers no user groups (a free plan: `plan_upgrade_required`); null when it does. */
  unavailable: SlackUnavailableCode | null;
}

/**
 * Teams and their memberships from `usergroups.list` (with members): one team per live group, flat
 * (Slack has no hierarchy), one membership per kept person. Deleted groups, groups that don't parse
 * and members not in `pseudonyms` (bots, deactivated) are left out. User groups are optional: a
 * workspace without them (free plan, or no such method) gives no teams and says why.
 */
export async function readSlackMemberships(api: SlackApi, pseudonyms: ReadonlyMap<string, Pseudonym>): Promise<SlackMemberships> {
  const teams: Team[] = [];
  const memberships: TeamMembership[] = [];
  try {
    for await (const page of api.pages('usergroups.list', { include_users: true }, UsergroupsPage)) {
      for (const raw of page.usergroups) {
        const group = SlackUsergroup.safeParse(raw);
        if (!group.success || (group.data.date_delete ?? 0) > 0) continue;
        const team = `slack:${group.data.id}`;
        teams.push({ team, teamName: group.data.name, parent: null, source: 'slack' });
        const members = new Set((group.data.users ?? []).flatMap((id) => pseudonyms.get(id) ?? []));
        for (const person of members) memberships.push({ team, teamName: group.data.name, person, source: 'slack' });
      }
    }
  } catch (error) {
    if (!(error instanceof SlackMethodUnavailableError)) throw error;
    return { teams: [], memberships: [], unavailable: error.code };
  }
  return { teams, memberships, unavailable: null };
}
