import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toTemporalFailure } from '../../activities/with-temporal-failures.ts';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTemporalFailures } from '../../activities/with-temporal-failures.ts';
import { AuthError, ConfigError, RateLimitedError, SchemaDriftError, TransientError } from '../../models/errors.ts';
import { failureOf, stopsSource } from '../../workflows/sync-source.ts';

const failure = (error: unknown) => toTemporalFailure(error) as ApplicationFailure;

describe('errors to Temporal failures', () => {
  it.each([
    [new AuthError('Slack refused SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'slack'), 'auth', true],
    [new ConfigError('missing scope usergroups:read', 'SLACK_BOT_TOKEN', 'slack'), 'config', true],
    [new SchemaDriftError('bad saved position', 'slack'), 'schema_drift', true],
    [new TransientError('socket hang up', 'slack'), 'transient', false],
  ])('%s → type %s, non-retryable %s', (error, type, nonRetryable) => {
    const mapped = failure(error);
    expect(mapped).toBeInstanceOf(ApplicationFailure);
    expect(mapped.type).toBe(type);
    expect(mapped.nonRetryable).toBe(nonRetryable);
    expect(mapped.message).toBe(error.message);
    expect(mapped.nextRetryDelay).toBeUndefined();
  });

  it("retries a rate limit after the vendor's delay", () => {
    const mapped = failure(new RateLimitedError('429 on conversations.history', 30_000, 'slack'));
    expect(mapped).toMatchObject({ type: 'rate_limited', nonRetryable: false, nextRetryDelay: 30_000 });
  });

  it('leaves other errors to the SDK', () => {
    const error = new Error('boom');
    expect(toTemporalFailure(error)).toBe(error);
  });

  it('wraps every activity, and the orchestration reads the category back down the cause chain', async () => {
    const activities = withTemporalFailures({
      ok: async (input: { n: number }) => input.n + 1,
      refused: async (_input: { n: number }): Promise<number> => {
        throw new AuthError('Slack refused SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'slack');
      },
    });
    expect(await activities.ok({ n: 1 })).toBe(2);
    const thrown = await activities.refused({ n: 1 }).catch((e: unknown) => e);
    const seenByWorkflow = { message: 'Activity task failed', cause: thrown };
    expect(failureOf(seenByWorkflow)).toEqual({ category: 'auth', message: 'Slack refused SLACK_BOT_TOKEN' });
    expect(stopsSource(failureOf(seenByWorkflow))).toBe(true);
  });

  it('heartbeats a long activity every keepAliveMs with its last details, and stops when it ends', async () => {
    const env = new MockActivityEnvironment({ heartbeatDetails: { saved: 3 } });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const activities = withTemporalFailures({ slow: async (_input: object) => new Promise((resolve) => setTimeout(() => resolve('done'), 120)) }, { keepAliveMs: 20 });
    expect(await env.run(activities.slow, {})).toBe('done');
    const counted = beats.length;
    expect(counted).toBeGreaterThanOrEqual(3);
    expect(beats.every((d) => JSON.stringify(d) === JSON.stringify({ saved: 3 }))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(beats.length).toBe(counted);
  });
});
