import { describe, expect, it } from 'vitest';
import type { Activities } from '../../activities/create-activities.ts';
import { createRunProgress, type ProgressTerminal } from '../../cli/run-progress.ts';

/** A terminal that keeps what is written to it. */
function recordingTerminal(isTTY: boolean): ProgressTerminal & { text: () => string } {
  let text = '';
  return {
    isTTY,
    columns: 120,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  } as ProgressTerminal & { text: () => string };
}

/** Just the two activities progress follows: `streams` streams of slack, each fetching 10 events; the third fails. */
function fakeActivities(streams: number): Activities {
  return {
    listStreams: async () => ({ list: 'a'.repeat(32), count: streams }),
    fetchStream: async ({ index }: { index: number }) => {
      if (index === 2) throw new Error('Slack conversations.history answered HTTP 503');
      return { events: 10 };
    },
  } as unknown as Activities;
}

/** Lists slack's streams and reads each through the tracked activities, as the pipeline does. */
async function readAll(activities: Activities): Promise<void> {
  const { list, count } = await activities.listStreams({ source: 'slack' });
  for (let index = 0; index < count; index++) {
    await activities.fetchStream({ source: 'slack', list, index, position: null, window: { start: '', end: '' } }).catch(() => undefined);
  }
}

describe('attune run progress', () => {
  it('without a terminal: progress lines as they are, and a plain line per quarter of a source\'s streams', async () => {
    const terminal = recordingTerminal(false);
    const progress = createRunProgress(terminal);
    progress.line('slack: directory: 40 people, 3 teams');
    await readAll(progress.track(fakeActivities(8)));
    progress.line('features (run …): 12 person-days');
    progress.stop();
    expect(terminal.text()).toBe(
      [
        'slack: directory: 40 people, 3 teams',
        'slack: streams 2/8 read, 20 events',
        'slack: streams 4/8 read, 30 events',
        'slack: streams 6/8 read, 50 events',
        'slack: streams 8/8 read, 70 events',
        'features (run …): 12 person-days',
        '',
      ].join('\n'),
    );
    expect(terminal.text()).not.toMatch(/\x1b/);
  });

  it('on a terminal: a bar per source with counts and ETA, the lines above it', async () => {
    const terminal = recordingTerminal(true);
    const progress = createRunProgress(terminal);
    progress.line('before any bar');
    await readAll(progress.track(fakeActivities(8)));
    progress.line('slack: directory: 40 people, 3 teams');
    progress.stop();
    const text = terminal.text();
    expect(text.startsWith('before any bar\n')).toBe(true);
    expect(text).toMatch(/slack +\[[█░]+\] 8\/8 streams \| 70 events \| ETA /);
    expect(text).toContain('slack: directory: 40 people, 3 teams\n');
    expect(text).not.toMatch(/streams 2\/8 read/);
  });
});
