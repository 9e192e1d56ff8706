import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackConnector } from '../../connectors/slack/create-slack-connector.ts';
import { AuthError, ConfigError, TransientError } from '../../models/errors.ts';

/** What the stub server answers next: HTTP status and JSON body. */
let answer: { status: number; body: unknown } = { status: 200, body: { ok: true } };
let hits = 0;

describe('Slack error classification against a stub server', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connector = () => createSlackConnector({ token: 'xoxb-t', apiUrl: url, pseudonymize: () => '0'.repeat(32), retry: { attemptsPerRequest: 3, baseDelayMs: 5 } });
  const failure = async (body: unknown, status = 200) => {
    answer = { status, body };
    hits = 0;
    return connector().checkAccess().then(() => null, (e: unknown) => e as Error);
  };

  it.each(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'])('%s → AuthError naming SLACK_BOT_TOKEN', async (code) => {
    const error = await failure({ ok: false, error: code });
    expect(error).toBeInstanceOf(AuthError);
    expect(error?.message).toMatch(/SLACK_BOT_TOKEN.*run again/);
    expect(hits).toBe(1);
  });

  it('missing_scope → ConfigError naming the scope and the token setting', async () => {
    const error = await failure({ ok: false, error: 'missing_scope', needed: 'users:read.email', provided: 'users:read' });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe('SLACK_BOT_TOKEN');
    expect(error?.message).toContain('users:read.email');
  });

  it("HTTP 5xx → TransientError once the client's retries (the policy's attempts per request) are spent", async () => {
    const error = await failure({ ok: false, error: 'internal_error' }, 503);
    expect(error).toBeInstanceOf(TransientError);
    expect(hits).toBe(3);
  });

  it.each([
    ['a JSON string', '<html>ATTUNE-CANARY secret</html>'],
    ['an unknown error code', { ok: false, error: 'ATTUNE-CANARY secret' }],
  ])('%s is never echoed in the error', async (_, body) => {
    const error = await failure(body);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).not.toContain('CANARY');
  });
});
