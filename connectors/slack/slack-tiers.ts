/** Slack's rate-limit tiers of the Web API methods (requests per minute per method per workspace). */
export type SlackTier = 2 | 3 | 4;

/** The Web API methods the Slack connector calls. */
export type SlackMethod = 'auth.test' | 'users.list' | 'usergroups.list' | 'conversations.list' | 'conversations.history' | 'conversations.replies';

/**
 * Tier of each method, and each tier's documented budget (Tier 2: 20+, Tier 3: 50+, Tier 4: 100+
 * per minute). `auth.test` has "special" limits, far above Tier 4; Tier 4 is a safe budget for it.
 */
export const slackTiers = {
  methods: {
    'auth.test': 4,
    'users.list': 2,
    'usergroups.list': 2,
    'conversations.list': 2,
    'conversations.history': 3,
    'conversations.replies': 3,
  } satisfies Record<SlackMethod, SlackTier>,
  defaultBudgets: { 2: 20, 3: 50, 4: 100 } satisfies Record<SlackTier, number>,
} as const;
