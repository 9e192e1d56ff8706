import { describe, expect, it } from 'vitest';
import { workflowIds } from '../../workflows/temporal-routing.ts';
import { windowEndingAt } from '../../models/run-window.ts';

describe('workflow ids', () => {
  const window = windowEndingAt(new Date('2026-11-23T05:00:00Z'), 42);

  it("a run's depends only on its window; a source sync's only on the source, so one source is never synced twice at once", () => {
    expect(workflowIds.sync('slack')).toBe('attune-sync-slack');
    expect(workflowIds.run(window)).toBe('attune-run-2026-10-12T05:00:00.000Z--2026-11-23T05:00:00.000Z');
  });

  it('differ across sources, windows and kinds of work', () => {
    const later = windowEndingAt(new Date('2026-11-24T05:00:00Z'), 42);
    const ids = [workflowIds.sync('slack'), workflowIds.sync('jira'), workflowIds.run(window), workflowIds.run(later)];
    expect(new Set(ids).size).toBe(ids.length);
    const schedules = [workflowIds.schedule.sync('slack'), workflowIds.schedule.sync('jira'), workflowIds.schedule.daily, workflowIds.schedule.weeklyRelease];
    expect(new Set(schedules).size).toBe(schedules.length);
  });
});
