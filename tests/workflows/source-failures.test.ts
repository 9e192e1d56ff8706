import { describe, expect, it } from 'vitest';
import { AuthError, TransientError } from '../../models/errors.ts';
import { failureOf, stopsSource } from '../../workflows/sync-source.ts';

describe('failureOf', () => {
  it('reads attune errors directly', () => {
    const failure = failureOf(new AuthError('Slack refused SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'slack'));
    expect(failure).toEqual({ category: 'auth', message: 'Slack refused SLACK_BOT_TOKEN' });
    expect(stopsSource(failure)).toBe(true);
  });

  it('reads a category carried as a failure type down a cause chain', () => {
    const wrapped = { message: 'activity failed', cause: { type: 'config', message: 'missing scope usergroups:read' } };
    expect(failureOf(wrapped)).toEqual({ category: 'config', message: 'missing scope usergroups:read' });
  });

  it('does not stop a source for a transient or unknown failure', () => {
    expect(stopsSource(failureOf(new TransientError('timeout')))).toBe(false);
    expect(failureOf(new Error('boom'))).toEqual({ category: null, message: 'boom' });
  });
});
