import { createHash } from 'node:crypto';
import { slackHistoryPage, type SlackMethod, type SlackResponse } from './slack-methods.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import type { StoredMessage } from './stored-message.ts';
import { tsOf } from './rendered-slack-message.ts';

/** A message the bot posted into a direct message, as the simulator records it for tests. */
export interface SlackDelivery {
  channel: 'slack';
  /** The person the DM is with: the one addressee. */
  slackUserId: string;
  /** `metadata.event_payload.nudge_key`, or null when the post carried none. */
  key: string | null;
  text: string;
}

/** The bot's direct messages in the simulated workspace, and the Web API methods that serve them. */
export interface SlackDirectMessages {
  /** The workspace's methods plus conversations.open and chat.postMessage; conversations.history serves DMs too. */
  methods: Record<string, SlackMethod>;
  /** Every post into a DM so far, oldest first. */
  deliveries(): SlackDelivery[];
}

const fail = (error: string): SlackResponse => ({ ok: false, error });

/** A stable DM channel id for a user: `D` and 8 base-36 characters derived from the user id. */
function dmIdOf(userId: string): string {
  const digest = createHash('sha256').update(`im:${userId}`).digest();
  return `D${BigInt(`0x${digest.subarray(0, 8).toString('hex')}`).toString(36).toUpperCase().padStart(8, '0').slice(-8)}`;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Direct messages between the bot and one person, the way Slack serves them to a bot token:
 * `conversations.open users=<one id>` answers a stable `D…` id per user (`user_not_found`,
 * `cannot_dm_bot`, `user_disabled`; more than one id answers `not_supported`: the simulator opens
 * no group DMs); `chat.postMessage` into an opened DM (`no_text`, `invalid_blocks`,
 * `invalid_metadata_format`, `invalid_metadata_schema`; posting anywhere else answers
 * `channel_not_found`) answers `{ok, channel, ts, message}`; `conversations.history` of a DM,
 * newest first with cursors, shows `metadata` only with `include_all_metadata=true`. History of
 * any other channel goes to the workspace's own `conversations.history` of `channelMethods`.
 */
export function createSlackDirectMessages(workspace: SlackWorkspace, channelMethods: Readonly<Record<string, SlackMethod>>): SlackDirectMessages {
  const channelHistory = channelMethods['conversations.history'];
  const users = new Map(workspace.users.map((u) => [u.id, u]));
  const dms = new Map<string, { userId: string; messages: StoredMessage[]; metadata: Map<number, unknown> }>();
  const deliveries: SlackDelivery[] = [];
  let lastMicros = 0;

  return {
    methods: {
      ...channelMethods,
      'conversations.open': (params) => {
        if (params.channel) return dms.has(params.channel) ? { ok: true, no_op: true, already_open: true, channel: { id: params.channel } } : fail('channel_not_found');
        const ids = (params.users ?? '').split(',').map((id) => id.trim()).filter(Boolean);
        if (ids.length === 0) return fail('users_list_not_supplied');
        if (ids.length > 1) return fail('not_supported');
        const user = users.get(ids[0] as string);
        if (!user) return fail('user_not_found');
        if (user.is_bot) return fail('cannot_dm_bot');
        if (user.deleted) return fail('user_disabled');
        const id = dmIdOf(user.id);
        const open = dms.get(id);
        if (!open) dms.set(id, { userId: user.id, messages: [], metadata: new Map() });
        return { ok: true, ...(open ? { no_op: true, already_open: true } : {}), channel: { id } };
      },

      'chat.postMessage': (params, nowMicros) => {
        const dm = params.channel ? dms.get(params.channel) : undefined;
        if (!dm || !params.channel) return fail('channel_not_found');
        const blocks = parseJson(params.blocks);
        if (blocks === null || (blocks !== undefined && !Array.isArray(blocks))) return fail('invalid_blocks');
        if (!params.text && (!Array.isArray(blocks) || blocks.length === 0)) return fail('no_text');
        const metadata = parseJson(params.metadata);
        if (metadata === null) return fail('invalid_metadata_format');
        const event = metadata as { event_type?: unknown; event_payload?: { nudge_key?: unknown } } | undefined;
        if (event !== undefined && (typeof event.event_type !== 'string' || typeof event.event_payload !== 'object' || event.event_payload === null)) {
          return fail('invalid_metadata_schema');
        }
        const micros = Math.max(nowMicros, lastMicros + 1);
        lastMicros = micros;
        const ts = tsOf(micros);
        const wire = {
          type: 'message',
          user: workspace.bot.userId,
          bot_id: workspace.bot.botId,
          text: params.text ?? '',
          ...(Array.isArray(blocks) ? { blocks } : {}),
          ts,
        };
        dm.messages.push({ micros, ts, user: workspace.bot.userId, wire, replies: [] });
        if (event !== undefined) dm.metadata.set(micros, { event_type: event.event_type, event_payload: event.event_payload });
        const key = event?.event_payload?.nudge_key;
        deliveries.push({ channel: 'slack', slackUserId: dm.userId, key: typeof key === 'string' ? key : null, text: params.text ?? '' });
        return { ok: true, channel: params.channel, ts, message: { ...wire, team: workspace.team.id } };
      },

      'conversations.history': (params, nowMicros) => {
        const dm = params.channel ? dms.get(params.channel) : undefined;
        if (!dm) return channelHistory ? channelHistory(params, nowMicros) : fail('channel_not_found');
        // Posts made at a standing clock get ts a microsecond apart, just past it: they are visible all the same.
        const page = slackHistoryPage(dm.messages, params, Math.max(nowMicros, lastMicros));
        if (!page.ok || !(params.include_all_metadata === 'true' || params.include_all_metadata === '1')) return page;
        const messages = (page.messages as Record<string, unknown>[]).map((m) => {
          const meta = dm.metadata.get(dm.messages.find((s) => s.ts === m.ts)?.micros ?? -1);
          return meta === undefined ? m : { ...m, metadata: meta };
        });
        return { ...page, messages };
      },
    },
    deliveries: () => deliveries.map((d) => ({ ...d })),
  };
}
