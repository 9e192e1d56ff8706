import { Agent, request } from 'node:https';
import { joinCancellation } from '../http/request-cancellation.ts';

/** The fetch the Graph client and the token request go through. */
export type GraphFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The global fetch, or, when `ca` (a PEM certificate, e.g. a simulator's self-signed one) is
 * given, a fetch over node:https that trusts that certificate as well as the usual roots. Node's
 * global fetch can't be handed a CA without undici, which attune does not depend on. A request
 * that has no complete answer after `timeoutMs` fails as a network failure; one sent for a cancelled
 * activity is aborted at once (see withCancellation).
 */
export function createGraphFetch(ca?: string, timeoutMs = 30_000): GraphFetch {
  if (ca === undefined) return (input, init) => fetch(input, { ...init, signal: joinCancellation(AbortSignal.timeout(timeoutMs)) });
  const agent = new Agent({ ca, keepAlive: true, maxSockets: 16 });
  return async (input, init) => {
    const req = new Request(input, init);
    const body = req.body === null ? null : Buffer.from(await req.arrayBuffer());
    return new Promise<Response>((resolve, reject) => {
      const out = request(req.url, { method: req.method, headers: Object.fromEntries(req.headers), agent, signal: joinCancellation() }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 500;
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      out.on('error', () => reject(new TypeError('fetch failed')));
      out.setTimeout(timeoutMs, () => out.destroy());
      out.end(body ?? undefined);
    });
  };
}
