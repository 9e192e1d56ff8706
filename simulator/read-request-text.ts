import type { IncomingMessage } from 'node:http';

/** The largest request body a simulator accepts. */
const maxBodyBytes = 1_000_000;

/** A request's whole body as UTF-8 text; refuses one larger than a simulator ever needs. */
export async function readRequestText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new RangeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
