import { createJiraConnector, type JiraConnectorOptions } from '../../../connectors/jira/create-jira-connector.ts';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { Pseudonymize } from '../../../models/pseudonym.ts';
import type { QuarantineRecord } from '../../../models/quarantine-record.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import type { StreamBatch } from '../../../models/stream-batch.ts';
import { startJiraSimulator, type JiraSimulator, type JiraSimulatorOptions } from '../../../simulator/jira/jira-server.ts';
import { generateOrganisation } from '../../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../../simulator/organisation/organisation.ts';
import { createPseudonymizer } from '../../../transforms/pseudonymizer.ts';

/** What a fixture is made of. */
export interface JiraFixtureOptions {
  seed?: number;
  people?: number;
  weeks?: number;
  malformed?: number;
  /** Speeds up the simulator's rate limits and the connector's budget alike. */
  rateScale?: number;
  /** The simulator's fault mode, page cap, deletions and the limit its 429s name; default none. */
  simulator?: Partial<Pick<JiraSimulatorOptions, 'faults' | 'pageCap' | 'deletions' | 'namedLimit'>>;
}

/** A simulated Jira site served on loopback, and connectors pointed at it. */
export interface JiraFixture {
  org: Organisation;
  sim: JiraSimulator;
  pseudonymize: Pseudonymize;
  /** The whole simulated period. */
  period: RunWindow;
  /** A connector on the simulator, its budget scaled like the simulator's limits. */
  connector(overrides?: Partial<JiraConnectorOptions>): SourceConnector;
  /** Reads every project stream at once from `positions` (none: from the window's start): the batches merged, and each stream's new position. */
  readAll(connector: SourceConnector, window: RunWindow, positions?: ReadonlyMap<string, string | null>): Promise<JiraRead>;
  close(): Promise<void>;
}

/** Every project stream's batch of one read, merged. */
export interface JiraRead {
  events: ActivityEvent[];
  quarantined: QuarantineRecord[];
  requests: number;
  /** Stream → the position after this read. */
  positions: Map<string, string | null>;
  /** Stream → its batch. */
  batches: Map<string, StreamBatch>;
}

/** Starts a seeded organisation's Jira site on a loopback simulator whose clock stands at the period's end. */
export async function startJiraFixture(options: JiraFixtureOptions = {}): Promise<JiraFixture> {
  const { seed = 7, people = 40, weeks = 2, malformed = 0, rateScale = 1000, simulator = {} } = options;
  const org = generateOrganisation({ seed, people, weeks, end: new Date('2026-03-02T00:00:00Z') });
  const sim = await startJiraSimulator({ organisation: org, now: org.period.end, rateScale, malformed, ...simulator });
  const pseudonymize = createPseudonymizer(Buffer.alloc(32, 7));
  return {
    org,
    sim,
    pseudonymize,
    period: { start: org.period.start.toISOString(), end: org.period.end.toISOString() },
    connector: (overrides = {}) =>
      createJiraConnector({ host: sim.host, email: sim.email, apiToken: sim.apiToken, pseudonymize, requestsPerMinute: 300 * rateScale, ...overrides }),
    async readAll(connector, window, positions = new Map()) {
      const streams = await connector.listStreams();
      const batches = await Promise.all(streams.map(async (s) => [s, await connector.fetchStream(s, positions.get(s) ?? null, window)] as const));
      return {
        events: batches.flatMap(([, b]) => b.events),
        quarantined: batches.flatMap(([, b]) => b.quarantined),
        requests: batches.reduce((sum, [, b]) => sum + b.requests, 0),
        positions: new Map(batches.map(([s, b]) => [s, b.position])),
        batches: new Map(batches),
      };
    },
    close: () => sim.close(),
  };
}
