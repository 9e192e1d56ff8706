/** A user group of usergroups.list, as Slack returns it. `users` is present only with include_users. */
export interface SlackUsergroup {
  id: string;
  team_id: string;
  is_usergroup: true;
  is_subteam: true;
  name: string;
  description: string;
  handle: string;
  is_external: boolean;
  date_create: number;
  date_update: number;
  /** 0 while enabled, the disabling time (unix seconds) once disabled. */
  date_delete: number;
  auto_type: null;
  created_by: string;
  updated_by: string;
  deleted_by: string | null;
  prefs: { channels: string[]; groups: string[] };
  users?: string[];
  user_count: number;
}
