import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { createConnectors } from '../cli/configured-connectors.ts';
import { startEmbeddedWorkspace, type EmbeddedWorkspace } from '../cli/embedded-workspace.ts';
import { addRateLimitWaits, noRateLimitWaits } from '../models/rate-limit-waits.ts';
import { Source } from '../models/source.ts';
import { SLACK_TIER_PER_MINUTE } from '../simulator/slack/slack-rate-tiers.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { windowEndingAt } from '../models/run-window.ts';

/**
 * A limit a simulator enforces for the whole app (not per user or mailbox), by the request
 * counters it spends, in requests per minute at rate scale 1: the figures in each simulator's
 * server (Slack's tiers per method, Google's calendar quota per project, Graph's Teams and
 * directory budgets per app, Jira's bucket per endpoint).
 */
interface AppLimit {
  name: string;
  counters: string[];
  perMinute: number;
}

const appLimits: Record<Source, AppLimit[]> = {
  slack: [
    { name: 'conversations.history (Tier 3, per method)', counters: ['conversations.history'], perMinute: SLACK_TIER_PER_MINUTE.tier3 },
    { name: 'conversations.replies (Tier 3, per method)', counters: ['conversations.replies'], perMinute: SLACK_TIER_PER_MINUTE.tier3 },
  ],
  google: [{ name: 'Calendar per project', counters: ['events', 'settings'], perMinute: 10_000 }],
  microsoft: [
    { name: 'Teams chats per app', counters: ['chats', 'chatMessages', 'chatMessage'], perMinute: 1_200 },
    { name: 'directory per app', counters: ['users', 'user', 'manager'], perMinute: 2_000 },
  ],
  jira: ['search', 'changelog', 'worklog', 'comment'].map((endpoint) => ({ name: `${endpoint} (per endpoint and method)`, counters: [endpoint], perMinute: 600 })),
};

/** The request and 429 counts of a source's simulator. */
function countsOf(workspace: EmbeddedWorkspace, source: Source): { requests: (counter?: string) => number; rateLimited: () => number } {
  const simulator = workspace.simulators[source];
  return { requests: (counter) => (simulator.requests as (counter?: string) => number)(counter), rateLimited: () => simulator.rateLimited() };
}

const perMinute = (requests: number, ms: number) => (requests / (ms / 60_000)).toFixed(0);

/** How often the benchmark reads the simulators' counters, ms. */
const sampleMs = 50;

/**
 * Reads the counters of `counters` and the 429s served every sampleMs from now on: when each
 * counter first rose (a limit's span starts with its first request, not with the read, whose
 * streams may spend the first seconds on another limit), and when the last 429 was served.
 */
function watchCounters(counts: ReturnType<typeof countsOf>, counters: string[], started: number) {
  const base = new Map(counters.map((c) => [c, counts.requests(c)]));
  const firstAt = new Map<string, number>();
  let limited = counts.rateLimited();
  let lastLimitedAt: number | null = null;
  const sample = () => {
    const t = performance.now() - started;
    for (const c of counters) if (!firstAt.has(c) && counts.requests(c) > (base.get(c) ?? 0)) firstAt.set(c, t);
    if (counts.rateLimited() > limited) {
      limited = counts.rateLimited();
      lastLimitedAt = t;
    }
  };
  const timer = setInterval(sample, sampleMs);
  return {
    /** Stops sampling; the ms from the start to each counter's first request, and to the last 429 (null: none). */
    stop() {
      clearInterval(timer);
      sample();
      return { firstAt, lastLimitedAt };
    },
  };
}

/**
 * The pace benchmark: the demo workspace at `people` × `weeks` with every simulator at the
 * vendors' documented limits (rate scale 1) and the connectors paced for them, as in production.
 * Per source: its directory, then its streams from scratch, `streamConcurrency` at a time (as a
 * run reads them), starting streams for at most `seconds`; prints the requests per minute each
 * app-wide limit saw from its first request while that many streams ran, beside the limit, the 429s
 * served (and when the last was), and the CPU time of the process a request. Then, with every simulator's
 * clock an hour later (nothing new), each stream read to the end is read again from its position:
 * the requests of that incremental run, per stream.
 */
export async function runPaceBenchmark({
  people,
  weeks,
  seconds,
  streamConcurrency,
  sources = Source.options,
}: {
  people: number;
  weeks: number;
  seconds: number;
  streamConcurrency: number;
  /** The sources to read; default all. */
  sources?: readonly Source[];
}): Promise<void> {
  const now = new Date();
  const workspace = await startEmbeddedWorkspace({ people, weeks, seed: 1 }, now, () => undefined, 1);
  console.log(`pace: ${people} people × ${weeks} weeks, every simulator at rate scale 1, ${streamConcurrency} streams at a time, streams started for at most ${seconds} s per source`);
  try {
    const connectors = createConnectors(workspace.settings, createPseudonymizer(randomBytes(32)));
    const window = windowEndingAt(now, weeks * 7);
    const positions = new Map<Source, Map<string, string | null>>();
    for (const source of sources) {
      const connector = connectors[source];
      if (!connector) continue;
      const counts = countsOf(workspace, source);
      await connector.readDirectory();
      const streams = await connector.listStreams();
      const read = new Map<string, string | null>();
      positions.set(source, read);
      const counters = appLimits[source].flatMap((l) => l.counters);
      const limitedBefore = counts.rateLimited();
      const requestsBefore = new Map(counters.map((c) => [c, counts.requests(c)]));
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const allBefore = counts.requests();
      const watch = watchCounters(counts, counters, started);
      // The rate is taken when a stream ends with none left to start (from then on fewer streams run
      // than a sync keeps going), or the first to end after `seconds`, after which none starts.
      const span: { ms: number; byCounter: Map<string, number> } = { ms: 0, byCounter: new Map() };
      const measure = () => {
        if (span.ms > 0) return;
        span.ms = performance.now() - started;
        span.byCounter = new Map(counters.map((c) => [c, counts.requests(c) - (requestsBefore.get(c) ?? 0)]));
      };
      // The connector's own waits: pacing shows its limiter held requests back, a throttled wait that the server did.
      let waits = noRateLimitWaits;
      const limit = pLimit(streamConcurrency);
      await Promise.all(
        streams.map((stream) =>
          limit(async () => {
            if (span.ms > 0) return;
            const batch = await connector.fetchStream(stream, null, window);
            read.set(stream, batch.position);
            waits = addRateLimitWaits(waits, batch.rateLimitWaits ?? noRateLimitWaits);
            if (limit.pendingCount === 0 || performance.now() - started > seconds * 1000) measure();
          }),
        ),
      );
      measure();
      const { firstAt, lastLimitedAt } = watch.stop();
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const sent = counts.requests() - allBefore;
      const { ms, byCounter } = span;
      const allRead = read.size === streams.length ? 'every stream' : `${read.size} of ${streams.length} streams`;
      const limitedNote = lastLimitedAt === null ? '' : ` (the last ${(lastLimitedAt / 1000).toFixed(1)} s after the start)`;
      console.log(
        `  ${source}: ${allRead} read, ${(ms / 1000).toFixed(1)} s measured (while ${streamConcurrency} streams ran), ${counts.rateLimited() - limitedBefore} answers 429 or throttled${limitedNote}; ` +
          `the connector paced ${waits.paced} requests (${(waits.pacedMs / 1000).toFixed(0)} s of waits in all), waited out ${waits.throttled} throttled answers; ` +
          `CPU of the benchmark process (simulators included) ${(cpuMs / 1000).toFixed(1)} s for ${sent} requests, ${(cpuMs / Math.max(1, sent)).toFixed(1)} ms a request`,
      );
      for (const { name, counters, perMinute: limitPerMinute } of appLimits[source]) {
        const requests = counters.reduce((sum, c) => sum + (byCounter.get(c) ?? 0), 0);
        if (requests === 0) {
          console.log(`    ${name.padEnd(46)} no request while the streams were read`);
          continue;
        }
        // From the limit's first request (to the nearest sample) to the end of the measure.
        const from = Math.min(...counters.map((c) => firstAt.get(c) ?? ms));
        const spanMs = Math.max(sampleMs, ms - from);
        const achieved = Number(perMinute(requests, spanMs));
        console.log(
          `    ${name.padEnd(46)} ${String(requests).padStart(6)} requests in ${(spanMs / 1000).toFixed(1).padStart(5)} s  ${String(achieved).padStart(6)}/min of ${limitPerMinute}/min = ${((achieved / limitPerMinute) * 100).toFixed(0)} %`,
        );
      }
    }

    const later = new Date(now.getTime() + 3_600_000);
    for (const source of Source.options) workspace.simulators[source].setNow(later);
    const laterWindow = windowEndingAt(later, weeks * 7);
    console.log('  an hour later, nothing new: each stream read to the end read again from its position, one at a time');
    for (const [source, read] of positions) {
      const connector = connectors[source]!;
      const counts = countsOf(workspace, source);
      const limitedBefore = counts.rateLimited();
      const perStream: number[] = [];
      let events = 0;
      for (const [stream, position] of read) {
        const before = counts.requests();
        const batch = await connector.fetchStream(stream, position, laterWindow);
        events += batch.events.length;
        perStream.push(counts.requests() - before);
      }
      const total = perStream.reduce((sum, n) => sum + n, 0);
      console.log(
        `    ${source.padEnd(10)} ${read.size} streams, ${total} requests (${(total / Math.max(1, read.size)).toFixed(1)} a stream, at most ${Math.max(0, ...perStream)}), ` +
          `${events} events, ${counts.rateLimited() - limitedBefore} answers 429 or throttled`,
      );
    }
  } finally {
    await workspace.close();
  }
}
