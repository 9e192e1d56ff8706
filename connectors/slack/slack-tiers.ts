/**
 * Slack's rate-limit tiers of the Web API methods: Tiers 2 to 4 count requests per minute per
 * method per workspace; `special` is chat.postMessage's own limit, about one message a second per
 * channel, so it is paced per channel.
 */
export type SlackTier = 2 | 3 | 4 | 'special';

/** The Web API methods the Slack connector and the Slack DM nudge channel call. */
export type SlackMethod =
  | 'auth.test'
  | 'users.list'
  | 'usergroups.list'
  | 'conversations.list'
  | 'conversations.history'
  | 'conversations.replies'
  | 'conversations.open'
  | 'chat.postMessage';

/**
 * Tier of each method, and each tier's documented budget (Tier 2: 20+, Tier 3: 50+, Tier 4: 100+
 * per minute; special: 60 a minute per channel). `auth.test` has "special" limits, far above Tier 4;
 * Tier 4 is a safe budget for it. Methods in `perChannel` are paced per `channel` argument.
 */
export const slackTiers = {
  methods: {
    'auth.test': 4,
    'users.list': 2,
    'usergroups.list': 2,
    'conversations.list': 2,
    'conversations.history': 3,
    'conversations.replies': 3,
    'conversations.open': 3,
    'chat.postMessage': 'special',
  } satisfies Record<SlackMethod, SlackTier>,
  defaultBudgets: { 2: 20, 3: 50, 4: 100, special: 60 } satisfies Record<SlackTier, number>,
  perChannel: new Set<SlackMethod>(['chat.postMessage']),
} as const;
