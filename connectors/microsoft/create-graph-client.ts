import { AuthenticationHandler, Client, RetryHandler, RetryHandlerOptions, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import type { RetryPolicy } from '../http/retry-policy.ts';
import type { ClientCredentials } from './client-credentials.ts';
import { FetchHandler } from './fetch-handler.ts';
import type { GraphFetch } from './graph-fetch.ts';

/**
 * The library's RetryHandler under the run's retry policy: it retries 503 and 504 (honouring
 * Retry-After, else its exponential wait with jitter) up to the policy's attempts, each retry taken
 * from the run's budget. A 429 it leaves to attune's rate limiter, which pauses the whole throttled
 * bucket rather than one request.
 */
function graphRetryHandler(retry: RetryPolicy): RetryHandler {
  const shouldRetry = (_delay: number, attempt: number, _request: unknown, _options: unknown, response: Response) => response.status !== 429 && retry.allowClientRetry(attempt + 1);
  // RetryHandlerOptions refuses more than 10 retries.
  return new RetryHandler(new RetryHandlerOptions(retry.baseDelayMs / 1000, Math.min(10, retry.attemptsPerRequest - 1), shouldRetry));
}

/**
 * The real Graph `Client`, with attune's middleware chain: the library's AuthenticationHandler
 * (bearer token from the client-credentials grant, added only for Graph hosts and `customHosts`),
 * its RetryHandler under the run's retry policy (see graphRetryHandler), its TelemetryHandler, and a
 * FetchHandler over `send`. What the RetryHandler does not retry (429, 500, 502, network failures
 * and timeouts) comes back classified for attune's rate limiter. A Graph URL other than
 * graph.microsoft.com (a simulator, a national cloud) is listed in `customHosts` so the token is still attached.
 */
export function createGraphClient(graphUrl: string, credentials: ClientCredentials, send: GraphFetch, retry: RetryPolicy): Client {
  const host = new URL(graphUrl).hostname;
  return Client.initWithMiddleware({
    baseUrl: graphUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    customHosts: new Set([host]),
    middleware: [new AuthenticationHandler({ getAccessToken: () => credentials.token() }), graphRetryHandler(retry), new TelemetryHandler(), new FetchHandler(send)],
  });
}
