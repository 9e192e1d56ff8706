import { AuthenticationHandler, Client, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import type { ClientCredentials } from './client-credentials.ts';
import { FetchHandler } from './fetch-handler.ts';
import type { GraphFetch } from './graph-fetch.ts';

/**
 * The real Graph `Client`, with attune's middleware chain: the library's AuthenticationHandler
 * (bearer token from the client-credentials grant, added only for Graph hosts and `customHosts`),
 * its TelemetryHandler, and a FetchHandler over `send`. The library's RetryHandler is left out on
 * purpose: 429 and 5xx come straight back, so attune's rate limiter owns the waiting (Retry-After)
 * and the run's retry policy owns the rest. A Graph URL other than graph.microsoft.com (a
 * simulator, a national cloud) is listed in `customHosts` so the token is still attached.
 */
export function createGraphClient(graphUrl: string, credentials: ClientCredentials, send: GraphFetch): Client {
  const host = new URL(graphUrl).hostname;
  return Client.initWithMiddleware({
    baseUrl: graphUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    customHosts: new Set([host]),
    middleware: [new AuthenticationHandler({ getAccessToken: () => credentials.token() }), new TelemetryHandler(), new FetchHandler(send)],
  });
}
