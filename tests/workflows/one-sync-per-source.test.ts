import { describe, expect, it } from 'vitest';
import { whenSourceIdle } from '../../workflows/temporal-workflows.ts';

/** An error as the Temporal SDK throws it when a child's workflow id is already running. */
function alreadyRunning(): Error {
  const error = new Error('Workflow execution already started');
  error.name = 'WorkflowExecutionAlreadyStartedError';
  return error;
}

describe('one sync of a source at a time', () => {
  it('waits while another sync of the source runs, then starts its own', async () => {
    const events: string[] = [];
    let tries = 0;
    const summary = await whenSourceIdle(
      async () => {
        tries += 1;
        events.push(`start ${tries}`);
        if (tries < 3) throw alreadyRunning();
        return 'synced';
      },
      async () => {
        events.push('wait');
      },
    );
    expect(summary).toBe('synced');
    expect(events).toEqual(['start 1', 'wait', 'start 2', 'wait', 'start 3']);
  });

  it('passes any other failure on at once, without waiting', async () => {
    let waits = 0;
    const failure = new Error('source refused its credentials');
    await expect(whenSourceIdle(() => Promise.reject(failure), async () => void (waits += 1))).rejects.toBe(failure);
    expect(waits).toBe(0);
  });
});
