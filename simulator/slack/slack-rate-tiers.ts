/**
 * Slack's documented Web API rate limits, in requests per minute: Tiers 2 to 4 per method per
 * workspace, and chat.postMessage's special limit of about one message a second per channel.
 */
export const SLACK_TIER_PER_MINUTE = { tier2: 20, tier3: 50, tier4: 100, special: 60 } as const;

/**
 * The simulator's rate-limit tier of each method it serves, with requests per minute (before
 * rateScale); a `perChannel` method has a bucket per `channel` argument.
 */
export const SLACK_METHOD_TIERS: Readonly<Record<string, { tier: keyof typeof SLACK_TIER_PER_MINUTE; perMinute: number; perChannel?: boolean }>> = {
  'auth.test': { tier: 'tier4', perMinute: SLACK_TIER_PER_MINUTE.tier4 },
  'users.list': { tier: 'tier2', perMinute: SLACK_TIER_PER_MINUTE.tier2 },
  'usergroups.list': { tier: 'tier2', perMinute: SLACK_TIER_PER_MINUTE.tier2 },
  'conversations.list': { tier: 'tier2', perMinute: SLACK_TIER_PER_MINUTE.tier2 },
  'conversations.history': { tier: 'tier3', perMinute: SLACK_TIER_PER_MINUTE.tier3 },
  'conversations.replies': { tier: 'tier3', perMinute: SLACK_TIER_PER_MINUTE.tier3 },
  'conversations.open': { tier: 'tier3', perMinute: SLACK_TIER_PER_MINUTE.tier3 },
  'chat.postMessage': { tier: 'special', perMinute: SLACK_TIER_PER_MINUTE.special, perChannel: true },
};
