import { createMicrosoftConnector, type MicrosoftConnectorOptions } from '../../../connectors/microsoft/create-microsoft-connector.ts';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { Pseudonymize } from '../../../models/pseudonym.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import type { StreamBatch } from '../../../models/stream-batch.ts';
import { generateOrganisation } from '../../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../../simulator/organisation/organisation.ts';
import { startMicrosoftSimulator, type MicrosoftSimulator, type MicrosoftSimulatorOptions } from '../../../simulator/microsoft/microsoft-server.ts';
import { createPseudonymizer } from '../../../transforms/pseudonymizer.ts';

/** What a fixture is made of. */
export interface MicrosoftFixtureOptions {
  seed?: number;
  people?: number;
  weeks?: number;
  malformed?: number;
  /** Speeds up the simulator's throttling and the connector's budgets alike. */
  rateScale?: number;
  /** The simulator's fault mode and page cap; default none. */
  simulator?: Partial<Pick<MicrosoftSimulatorOptions, 'faults' | 'pageCap'>>;
}

/** A simulated tenant served over loopback HTTPS, and connectors pointed at it. */
export interface MicrosoftFixture {
  org: Organisation;
  sim: MicrosoftSimulator;
  pseudonymize: Pseudonymize;
  /** The whole simulated period. */
  period: RunWindow;
  connector(overrides?: Partial<MicrosoftConnectorOptions>): SourceConnector;
  /** Fetches the given streams (default all) at once; the connector bounds what is in flight. */
  readAll(
    connector: SourceConnector,
    window: RunWindow,
    positions?: ReadonlyMap<string, string | null>,
    only?: (stream: string) => boolean,
  ): Promise<{ batches: Map<string, StreamBatch>; events: ActivityEvent[] }>;
  close(): Promise<void>;
}

/** Starts a seeded organisation's Microsoft 365 tenant on a loopback simulator whose clock stands at the period's end. */
export async function startMicrosoftFixture(options: MicrosoftFixtureOptions = {}): Promise<MicrosoftFixture> {
  const { seed = 7, people = 48, weeks = 2, malformed = 0, rateScale = 1000, simulator = {} } = options;
  const org = generateOrganisation({ seed, people, weeks, end: new Date('2026-03-02T00:00:00Z') });
  const sim = await startMicrosoftSimulator({ organisation: org, now: org.period.end, rateScale, malformed, ...simulator });
  const pseudonymize = createPseudonymizer(Buffer.alloc(32, 7));
  const budgets = { directory: 2_000 * rateScale, mailbox: 1_000 * rateScale, teams: 1_200 * rateScale };
  return {
    org,
    sim,
    pseudonymize,
    period: { start: org.period.start.toISOString(), end: org.period.end.toISOString() },
    connector: (overrides = {}) =>
      createMicrosoftConnector({
        tenantId: sim.tenantId,
        clientId: sim.clientId,
        clientSecret: sim.clientSecret,
        graphUrl: sim.baseUrl,
        loginUrl: sim.loginUrl,
        ca: sim.ca,
        pseudonymize,
        budgets,
        now: () => org.period.end.getTime(),
        ...overrides,
      }),
    async readAll(connector, window, positions = new Map(), only = () => true) {
      const streams = (await connector.listStreams()).filter(only);
      const read = await Promise.all(streams.map(async (s) => [s, await connector.fetchStream(s, positions.get(s) ?? null, window)] as const));
      return { batches: new Map(read), events: read.flatMap(([, batch]) => batch.events) };
    },
    close: () => sim.close(),
  };
}
