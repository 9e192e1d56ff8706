import { z } from 'zod';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { SlackApi } from './slack-api.ts';
import { slackUsersOf, type SlackUsers } from './slack-users.ts';

const UsersPage = z.object({ members: z.array(z.unknown()) });

/** Reads `users.list` (all pages) into the workspace's people (see slackUsersOf). */
export async function readSlackUsers(api: SlackApi, pseudonymize: Pseudonymize, pageSize: number): Promise<SlackUsers> {
  async function* members() {
    for await (const page of api.pages('users.list', { limit: pageSize }, UsersPage)) yield page.members;
  }
  return slackUsersOf(members(), pseudonymize);
}
