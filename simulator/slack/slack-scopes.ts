/** The bot token scopes the simulated app is installed with unless a test grants fewer: every scope attune reads and nudges with. */
export const SLACK_GRANTED_SCOPES: readonly string[] = [
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'im:write',
  'im:history',
  'chat:write',
];

/** The scope each method needs, as Slack's method reference lists it (`auth.test` needs none). */
export const SLACK_METHOD_SCOPES: Readonly<Record<string, string>> = {
  'users.list': 'users:read',
  'usergroups.list': 'usergroups:read',
  'conversations.list': 'channels:read',
  'conversations.history': 'channels:history',
  'conversations.replies': 'channels:history',
  'conversations.open': 'im:write',
  'chat.postMessage': 'chat:write',
};
