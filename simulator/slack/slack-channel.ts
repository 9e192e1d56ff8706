/** A conversation object as conversations.list returns it, for a channel or a private channel. */
export interface SlackChannel {
  id: string;
  name: string;
  name_normalized: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: false;
  is_mpim: false;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  is_shared: false;
  is_ext_shared: false;
  is_org_shared: false;
  /** Whether the calling bot is a member; reading a channel it is not in answers not_in_channel. */
  is_member: boolean;
  /** Unix seconds. */
  created: number;
  creator: string;
  context_team_id: string;
  num_members: number;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
}
