import type { SourceConnector } from '../../connectors/source-connector.ts';
import { createSlackConnector, type SlackConnectorOptions } from '../../connectors/slack/create-slack-connector.ts';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { RunWindow } from '../../models/run-window.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../simulator/organisation/organisation.ts';
import { startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from '../../simulator/slack/slack-server.ts';
import type { SlackVariantCounts } from '../../simulator/slack/slack-message-variants.ts';
import type { StoredMessage } from '../../simulator/slack/stored-message.ts';
import { dayMs } from '../../models/time.ts';
import { buildSlackWorkspace, type SlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';

/** What a fixture is made of. */
export interface SlackFixtureOptions {
  seed?: number;
  people?: number;
  weeks?: number;
  malformed?: number;
  /** Speeds up the simulator's rate limits and the connector's budgets alike. */
  rateScale?: number;
  /** `/me` messages, thread broadcasts and late reactions to make (none by default). */
  variants?: SlackVariantCounts;
  /** More settings of the simulator (a free plan, missing methods, …). */
  simulator?: Partial<Pick<SlackSimulatorOptions, 'plan' | 'withoutMethods' | 'slidingWindowMs' | 'faults' | 'pageCap'>>;
}

/** A simulated workspace served on loopback, and connectors pointed at it. */
export interface SlackFixture {
  org: Organisation;
  workspace: SlackWorkspace;
  sim: SlackSimulator;
  pseudonymize: Pseudonymize;
  token: string;
  /** The whole simulated period. */
  period: RunWindow;
  /** A connector on the simulator, budgets scaled like the simulator's limits. */
  connector(overrides?: Partial<SlackConnectorOptions>): SourceConnector;
  /** Lists the streams and fetches them all at once (the connector bounds what is in flight). */
  readAll(connector: SourceConnector, window: RunWindow, positions?: ReadonlyMap<string, string | null>): Promise<{ batches: Map<string, StreamBatch>; events: ActivityEvent[] }>;
  close(): Promise<void>;
}

/** Starts a seeded organisation's Slack workspace on a loopback simulator whose clock stands at the period's end. */
export async function startSlackFixture(options: SlackFixtureOptions = {}): Promise<SlackFixture> {
  const { seed = 7, people = 40, weeks = 2, malformed = 0, rateScale = 1000, simulator = {}, variants = {} } = options;
  const org = generateOrganisation({ seed, people, weeks, end: new Date('2026-03-02T00:00:00Z') });
  const workspace = buildSlackWorkspace(org, { malformed, ...variants });
  const token = 'xoxb-test-1234';
  const sim = await startSlackSimulator({ workspace, token, now: org.period.end, rateScale, ...simulator });
  const pseudonymize = createPseudonymizer(Buffer.alloc(32, 7));
  const tierBudgets = { 2: 20 * rateScale, 3: 50 * rateScale, 4: 100 * rateScale };
  return {
    org,
    workspace,
    sim,
    pseudonymize,
    token,
    period: { start: org.period.start.toISOString(), end: org.period.end.toISOString() },
    connector: (overrides = {}) => createSlackConnector({ token, apiUrl: sim.url, pseudonymize, tierBudgets, ...overrides }),
    async readAll(connector, window, positions = new Map()) {
      const streams = await connector.listStreams();
      const read = await Promise.all(streams.map(async (s) => [s, await connector.fetchStream(s, positions.get(s) ?? null, window)] as const));
      return { batches: new Map(read), events: read.flatMap(([, batch]) => batch.events) };
    },
    close: () => sim.close(),
  };
}

/** A message of the fixture's workspace and the channel it is in. */
export interface ChannelMessage {
  channel: string;
  m: StoredMessage;
}

/**
 * What the deletion tests delete, among the human messages of the 3 days before `mid` in the channels the bot reads:
 * a message without replies, and three threads of 3 replies or more, all by known people before `mid`.
 */
export function deletionTargets(f: SlackFixture, mid: Date): { plain: ChannelMessage; tombstoned: ChannelMessage; trimmed: ChannelMessage; thinned: ChannelMessage } {
  const midMicros = mid.getTime() * 1000;
  const recent = (m: StoredMessage) => m.micros >= (mid.getTime() - 3 * dayMs) * 1000 && m.micros < midMicros && m.user !== null && m.wire.subtype === undefined;
  const readable = f.workspace.channels.filter((c) => c.is_member && !c.is_archived).map((c) => c.id);
  const candidates = readable.flatMap((channel) => (f.workspace.messages.get(channel) ?? []).filter(recent).map((m) => ({ channel, m })));
  const plain = candidates.find(({ m }) => m.replies.length === 0);
  const [tombstoned, trimmed, thinned] = candidates.filter(({ m }) => m.replies.length >= 3 && m.replies.every((r) => r.micros < midMicros && r.user !== null));
  if (!plain || !tombstoned || !trimmed || !thinned) throw new Error('the workspace has no recent message and three finished threads before mid: choose another seed');
  return { plain, tombstoned, trimmed, thinned };
}
