import { randomBytes } from 'node:crypto';

/** What a route answers. */
export interface GraphAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The throttling bucket the request counts against, e.g. `mailbox:<id>`. */
  bucket: string;
  /** The request counter it increments, e.g. `calendarView`. */
  counter: string;
}

/** A Graph error body: `{ error: { code, message, innerError } }`. */
export function graphError(status: number, code: string, message: string, bucket = 'none', counter = 'error'): GraphAnswer {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomBytes(16).toString('hex') } } }, bucket, counter };
}
