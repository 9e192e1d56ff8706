import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTemporalFailures } from '../../../activities/with-temporal-failures.ts';
import { createGoogleApi } from '../../../connectors/google/google-api.ts';
import { createJiraApi } from '../../../connectors/jira/jira-api.ts';
import { createRetryPolicy } from '../../../connectors/http/retry-policy.ts';
import { withCancellation } from '../../../connectors/http/request-cancellation.ts';
import { createGraphFetch } from '../../../connectors/microsoft/graph-fetch.ts';
import { createSlackApi } from '../../../connectors/slack/slack-api.ts';
import { z } from 'zod';

/**
 * A workspace API that takes every request and never answers it (a hung vendor), except Google's
 * token endpoint, which grants a token so the API request itself is sent. Counts the requests it
 * holds and the sockets their clients closed.
 */
class HangingApi {
  held = 0;
  closed = 0;
  readonly server: Server = createServer((req, res) => {
    if (req.url === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'granted', expires_in: 3600, token_type: 'Bearer' }));
      return;
    }
    this.held += 1;
    res.on('close', () => (this.closed += 1));
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `n` requests are held. */
  async holding(n: number): Promise<void> {
    while (this.held < n) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The reason every cancelled call must fail with, whatever its client made of the abort. */
const cancellation = new Error('activity cancelled');

/**
 * Starts `call` under a cancellation, cancels it once the API holds its request, and says how it
 * ended (each client's own timeout is far beyond the test's, so only the cancellation can end it) and
 * how many sockets the server saw closed.
 */
async function cancelWhileHeld(api: HangingApi, call: () => Promise<unknown>): Promise<{ error: unknown; closed: number }> {
  const before = { held: api.held, closed: api.closed };
  const controller = new AbortController();
  const ending = withCancellation(controller.signal, call).then(
    () => null,
    (error: unknown) => error,
  );
  await api.holding(before.held + 1);
  const cancelledAt = Date.now();
  controller.abort(cancellation);
  const error = await ending;
  // The server hears the socket close shortly after the client aborts.
  while (api.closed === before.closed && Date.now() - cancelledAt < 2_000) await new Promise((resolve) => setTimeout(resolve, 20));
  return { error, closed: api.closed - before.closed };
}

describe('a cancelled activity closes its HTTP requests', () => {
  const api = new HangingApi();
  beforeAll(() => api.start());
  afterAll(() => new Promise<void>((resolve) => api.server.close(() => resolve())));
  // Every client's own timeout is far beyond the test's patience: only the cancellation can end the request.
  const timeoutMs = 60_000;
  const noRetry = { attemptsPerRequest: 1 };

  it('Slack (the Web API client)', async () => {
    const slack = createSlackApi({ token: 'xoxb-hung', apiUrl: `${api.url}/api/`, timeoutMs, retry: noRetry });
    const { error, closed } = await cancelWhileHeld(api, () => slack.call('auth.test', {}, z.object({ ok: z.boolean() })));
    expect(error).toBe(cancellation);
    expect(closed).toBe(1);
  });

  it('Google (googleapis and gaxios)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const serviceAccount = {
      type: 'service_account' as const,
      client_email: 'reader@hung.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      token_uri: `${api.url}/token`,
    };
    const google = createGoogleApi({ serviceAccount, adminEmail: 'admin@hung.example', apiUrl: `${api.url}/`, timeoutMs, retry: undefined });
    const { error, closed } = await cancelWhileHeld(api, () => google.usersPage(undefined, 10));
    expect(error).toBe(cancellation);
    expect(closed).toBe(1);
  });

  it('Microsoft Graph (its fetch, used for the token and every Graph request)', async () => {
    const graphFetch = createGraphFetch(undefined, timeoutMs);
    const { error, closed } = await cancelWhileHeld(api, () => graphFetch(`${api.url}/v1.0/users`));
    expect(error).toBe(cancellation);
    expect(closed).toBe(1);
  });

  it('Jira (jira.js over axios)', async () => {
    const jira = createJiraApi({ host: api.url, email: 'reader@hung.example', apiToken: 'hung', timeoutMs, retry: createRetryPolicy(noRetry) });
    const { error, closed } = await cancelWhileHeld(api, () => jira.call('myself', (client) => client.myself.getCurrentUser<unknown>(), z.unknown()));
    expect(error).toBe(cancellation);
    expect(closed).toBe(1);
  });

  it("a Temporal activity's cancellation reaches the request (the worker's wrapper)", async () => {
    const slack = createSlackApi({ token: 'xoxb-hung', apiUrl: `${api.url}/api/`, timeoutMs, retry: noRetry });
    const activities = withTemporalFailures({ check: (_input: object) => slack.call('auth.test', {}, z.object({ ok: z.boolean() })) }, { cancelRequests: withCancellation });
    const env = new MockActivityEnvironment();
    const before = { held: api.held, closed: api.closed };
    const ending = env.run(activities.check, {}).catch((error: unknown) => error);
    await api.holding(before.held + 1);
    env.cancel();
    expect(await ending).toBeTruthy();
    const cancelledAt = Date.now();
    while (api.closed === before.closed && Date.now() - cancelledAt < 2_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.closed - before.closed).toBe(1);
  });
});
