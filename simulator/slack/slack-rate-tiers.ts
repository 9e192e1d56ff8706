/** Slack's documented Web API rate-limit tiers, in requests per minute per method per workspace. */
export const SLACK_TIER_PER_MINUTE = { tier2: 20, tier3: 50, tier4: 100 } as const;

/** The simulator's rate-limit tier of each method it serves, with requests per minute (before rateScale). */
export const SLACK_METHOD_TIERS: Readonly<Record<string, { tier: keyof typeof SLACK_TIER_PER_MINUTE; perMinute: number }>> = {
  'auth.test': { tier: 'tier4', perMinute: SLACK_TIER_PER_MINUTE.tier4 },
  'users.list': { tier: 'tier2', perMinute: SLACK_TIER_PER_MINUTE.tier2 },
  'usergroups.list': { tier: 'tier2', perMinute: SLACK_TIER_PER_MINUTE.tier2 },
  'conversations.list': { tier: 'tier2', perMinute: SLACK_TIER_PER_MINUTE.tier2 },
  'conversations.history': { tier: 'tier3', perMinute: SLACK_TIER_PER_MINUTE.tier3 },
  'conversations.replies': { tier: 'tier3', perMinute: SLACK_TIER_PER_MINUTE.tier3 },
};
