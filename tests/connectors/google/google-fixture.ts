import type { SourceConnector } from '../../../connectors/source-connector.ts';
import { createGoogleConnector, type GoogleConnectorOptions } from '../../../connectors/google/create-google-connector.ts';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { Pseudonymize } from '../../../models/pseudonym.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import type { StreamBatch } from '../../../models/stream-batch.ts';
import { startGoogleSimulator, type GoogleSimulator, type GoogleSimulatorOptions } from '../../../simulator/google/google-server.ts';
import { generateOrganisation } from '../../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../../simulator/organisation/organisation.ts';
import { planMeetings, type PlannedMeeting } from '../../../simulator/organisation/plan-meetings.ts';
import { createPseudonymizer } from '../../../transforms/pseudonymizer.ts';

/** What a fixture is made of. */
export interface GoogleFixtureOptions {
  seed?: number;
  people?: number;
  weeks?: number;
  malformed?: number;
  /** Speeds up the simulator's rate limits and the connector's budgets alike. */
  rateScale?: number;
  /** The simulator's fault mode and page cap; default none. */
  simulator?: Partial<Pick<GoogleSimulatorOptions, 'faults' | 'pageCap'>>;
}

/** A simulated Google Workspace served on loopback, and connectors pointed at it. */
export interface GoogleFixture {
  org: Organisation;
  meetings: readonly PlannedMeeting[];
  sim: GoogleSimulator;
  pseudonymize: Pseudonymize;
  /** The whole simulated period. */
  period: RunWindow;
  /** A connector on the simulator, budgets scaled like the simulator's limits, short throttle back-off. */
  connector(overrides?: Partial<GoogleConnectorOptions>): SourceConnector;
  /** Lists the streams and fetches them all at once (the connector bounds what is in flight). */
  readAll(connector: SourceConnector, window: RunWindow, positions?: ReadonlyMap<string, string | null>): Promise<{ batches: Map<string, StreamBatch>; events: ActivityEvent[] }>;
  close(): Promise<void>;
}

/** Starts a seeded organisation's Google Workspace on a loopback simulator whose clock stands at the period's end. */
export async function startGoogleFixture(options: GoogleFixtureOptions = {}): Promise<GoogleFixture> {
  const { seed = 7, people = 60, weeks = 2, malformed = 0, rateScale = 1000, simulator = {} } = options;
  const org = generateOrganisation({ seed, people, weeks, end: new Date('2026-03-04T12:00:00Z') });
  const sim = await startGoogleSimulator({ organisation: org, now: org.period.end, rateScale, malformed, ...simulator });
  const pseudonymize = createPseudonymizer(Buffer.alloc(32, 9));
  return {
    org,
    meetings: planMeetings(org),
    sim,
    pseudonymize,
    period: { start: org.period.start.toISOString(), end: org.period.end.toISOString() },
    connector: (overrides = {}) =>
      createGoogleConnector({
        serviceAccount: sim.credentials.serviceAccount,
        adminEmail: sim.credentials.adminEmail,
        apiUrl: sim.url,
        pseudonymize,
        requestsPerMinute: { directory: 1200 * rateScale, calendar: 5000 * rateScale },
        rateLimitBackoffMs: 20,
        ...overrides,
      }),
    async readAll(connector, window, positions = new Map()) {
      const streams = await connector.listStreams();
      const read = await Promise.all(streams.map(async (s) => [s, await connector.fetchStream(s, positions.get(s) ?? null, window)] as const));
      return { batches: new Map(read), events: read.flatMap(([, batch]) => batch.events) };
    },
    close: () => sim.close(),
  };
}
