/** A member of users.list, as Slack returns it (the fields the simulator fills). */
export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  real_name?: string;
  tz?: string;
  tz_label?: string;
  /** Seconds east of UTC at the workspace's build time. */
  tz_offset?: number;
  profile: {
    real_name: string;
    display_name: string;
    title: string;
    /** Absent for bots and for people who hide their email. */
    email?: string;
    bot_id?: string;
    api_app_id?: string;
  };
  is_admin: boolean;
  is_owner: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  /** Unix seconds. */
  updated: number;
}
