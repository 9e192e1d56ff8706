import type { IncomingMessage } from 'node:http';
import { readRequestText } from '../read-request-text.ts';

/** A Web API call as received: the method name, its arguments and the token (header first, then form field). */
export interface SlackRequest {
  method: string;
  params: Record<string, string>;
  token: string | null;
}

function toParam(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Reads a Web API call the way Slack accepts it: `POST /api/<method>` with a form-encoded or JSON
 * body, or a GET with a query string; the token from `Authorization: Bearer …` or a `token` argument.
 * Returns null for paths outside `/api/`.
 */
export async function readSlackRequest(req: IncomingMessage): Promise<SlackRequest | null> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
  if (!match?.[1]) return null;

  const body = await readRequestText(req);

  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' && body.trim()) {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') for (const [k, v] of Object.entries(parsed)) if (v !== undefined && v !== null) params[k] = toParam(v);
  } else if (body) {
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  }

  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return { method: match[1], params, token: bearer ?? params.token ?? null };
}
