import type { ServerResponse } from 'node:http';
import { Random } from './random.ts';

/** A seeded share of requests a simulator fails the way real vendors' front ends do. */
export interface HttpFaultOptions {
  /** Share of requests that fail, in [0, 1]. */
  share: number;
  /** Seeds which requests fail and how. */
  seed: number;
  /** How long a request that times out is held before its connection is dropped, ms; default 5 000 (clients time out first). */
  stallMs?: number;
}

/** How one request fails. */
export type HttpFault =
  | { kind: 'status'; status: 500 | 502 | 503 | 504; retryAfterSeconds: number | null }
  | { kind: 'timeout' }
  | { kind: 'reset' };

/** An error answer in the vendor's wire format. */
export interface FaultAnswer {
  contentType: string;
  body: string;
}

/** A simulator's fault mode: seeded faults, and outages of named endpoints. */
export interface HttpFaults {
  /**
   * Fails this request when its turn comes (or when `endpoint` is out): answers it, holds it until
   * the connection is dropped, or resets it, and returns true; else returns false and the request
   * is served. `answer` gives the vendor's error body for a status.
   */
  intercept(endpoint: string, res: ServerResponse, answer: (status: number) => FaultAnswer): boolean;
  /**
   * From now on every request to `endpoint`, or to an endpoint under it (`conversations.history C1`
   * is under `conversations.history`), answers 503 without Retry-After; null ends the outage.
   */
  setOutage(endpoint: string | null): void;
  /** Faults served so far, by kind (`500`…`504`, `timeout`, `reset`, `outage`). */
  served(): Record<string, number>;
}

/** The mix of faults: mostly 5xx, a third of the 503s with Retry-After, some timeouts and resets. */
const mix: readonly { weight: number; fault: HttpFault }[] = [
  { weight: 20, fault: { kind: 'status', status: 500, retryAfterSeconds: null } },
  { weight: 15, fault: { kind: 'status', status: 502, retryAfterSeconds: null } },
  { weight: 15, fault: { kind: 'status', status: 503, retryAfterSeconds: null } },
  { weight: 10, fault: { kind: 'status', status: 503, retryAfterSeconds: 1 } },
  { weight: 10, fault: { kind: 'status', status: 504, retryAfterSeconds: null } },
  { weight: 5, fault: { kind: 'status', status: 504, retryAfterSeconds: 1 } },
  { weight: 15, fault: { kind: 'timeout' } },
  { weight: 10, fault: { kind: 'reset' } },
];
const totalWeight = mix.reduce((sum, m) => sum + m.weight, 0);

function pick(random: Random): HttpFault {
  let roll = random.next() * totalWeight;
  for (const m of mix) {
    roll -= m.weight;
    if (roll < 0) return m.fault;
  }
  return mix[0]!.fault;
}

function answerWith(res: ServerResponse, status: number, answer: FaultAnswer, retryAfterSeconds: number | null): void {
  res.writeHead(status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    ...(retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) }),
  });
  res.end(answer.body);
}

/** A fault mode failing `share` of the requests (none when `options` is undefined), reproducibly for a seed and request order. */
export function createHttpFaults(options: HttpFaultOptions | undefined): HttpFaults {
  const share = options?.share ?? 0;
  if (!(share >= 0 && share <= 1)) throw new RangeError('the fault share must be between 0 and 1');
  const random = new Random(options?.seed ?? 0).fork('http-faults');
  const stallMs = options?.stallMs ?? 5_000;
  const counts: Record<string, number> = {};
  const count = (kind: string) => void (counts[kind] = (counts[kind] ?? 0) + 1);
  let outage: string | null = null;

  return {
    intercept(endpoint, res, answer) {
      if (outage !== null && (endpoint === outage || endpoint.startsWith(`${outage} `))) {
        count('outage');
        answerWith(res, 503, answer(503), null);
        return true;
      }
      if (share === 0 || random.next() >= share) return false;
      const fault = pick(random);
      if (fault.kind === 'status') {
        count(String(fault.status));
        answerWith(res, fault.status, answer(fault.status), fault.retryAfterSeconds);
      } else if (fault.kind === 'reset') {
        count('reset');
        res.socket?.destroy();
      } else {
        count('timeout');
        setTimeout(() => res.socket?.destroy(), stallMs).unref();
      }
      return true;
    },
    setOutage(endpoint) {
      outage = endpoint;
    },
    served: () => ({ ...counts }),
  };
}
