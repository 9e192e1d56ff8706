import cliProgress from 'cli-progress';
import type { Activities } from '../activities/create-activities.ts';
import type { Progress } from '../models/progress.ts';
import type { Source } from '../models/source.ts';

/** Where a run's progress goes: `isTTY` decides between bars and plain lines. */
export interface ProgressTerminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A run's progress on stderr: its lines, its streams per source, and an end. */
export interface RunProgress {
  /** One progress line, as every command prints them. */
  line: Progress;
  /** The activities, counting each source's streams listed and read, and events fetched, as they go. */
  track(activities: Activities): Activities;
  /** Ends the bars, leaving them drawn at their last state; lines need nothing. */
  stop(): void;
}

/** How many plain lines a source's stream reads get, at most: one per quarter done. */
const plainSteps = 4;

/**
 * Progress of `attune run`. On a terminal: one bar per source (streams read of those listed,
 * events fetched, ETA; cli-progress), the progress lines printed above the bars. Elsewhere (CI,
 * logs, a redirected stderr): the progress lines as they are, plus one line per source each
 * quarter of its streams (`slack: streams 10/40 read, 1,234 events`).
 */
export function createRunProgress(terminal: ProgressTerminal): RunProgress {
  const plain = (line: string) => terminal.write(`${line}\n`);
  const counts = new Map<Source, { total: number; done: number; events: number; bar?: cliProgress.SingleBar }>();
  const bars = terminal.isTTY
    ? new cliProgress.MultiBar(
        {
          stream: terminal as NodeJS.WritableStream,
          format: '{source} [{bar}] {value}/{total} streams | {events} events | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;

  const listed = (source: Source, total: number) => {
    const count = { total, done: 0, events: 0 };
    counts.set(source, count);
    if (bars) counts.set(source, { ...count, bar: bars.create(total, 0, { source: source.padEnd(9), events: '0' }) });
  };
  const read = (source: Source, events: number) => {
    const count = counts.get(source);
    if (!count) return;
    count.done += 1;
    count.events += events;
    if (count.bar) count.bar.update(count.done, { events: count.events.toLocaleString('en-US') });
    else if (Math.floor((count.done * plainSteps) / count.total) > Math.floor(((count.done - 1) * plainSteps) / count.total)) {
      plain(`${source}: streams ${count.done}/${count.total} read, ${count.events.toLocaleString('en-US')} events`);
    }
  };

  return {
    // Once the bars are drawn, a line goes above them; before the first bar and after the end, it is written as it is.
    line: (line) => (bars?.isActive ? bars.log(`${line}\n`) : plain(line)),
    track: (activities) => ({
      ...activities,
      async listStreams(input) {
        const streams = await activities.listStreams(input);
        listed(input.source, streams.count);
        return streams;
      },
      async fetchStream(input) {
        try {
          const batch = await activities.fetchStream(input);
          read(input.source, batch.events);
          return batch;
        } catch (error) {
          read(input.source, 0);
          throw error;
        }
      },
    }),
    stop() {
      if (!bars?.isActive) return;
      bars.update(); // draws the lines logged since the last frame, which stop() would drop
      bars.stop();
    },
  };
}
