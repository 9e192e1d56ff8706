import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/create-activities.ts';
import { temporalDataConverter, temporalPayloadCodec } from '../../cli/temporal-payload-codec.ts';
import { ConfigError } from '../../models/errors.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 16, finding 3: activity inputs and results (stream ids naming people, per-person counts)
// went into workflow history in clear. With the codec every payload Temporal stores is sealed.

const key = new Uint8Array(32).map((_, i) => (i * 97 + 13) % 256);
const codec = temporalPayloadCodec(key);

/** Every activity input and result of one in-process Slack sync, as the worker's payload converter turns them into payloads. */
async function payloadsOfOneSync(f: SlackFixture, store: PrivateStore): Promise<Payload[]> {
  const real = createActivities(inProcessDeps(tempDir('codec-sync'), { connectors: { slack: f.connector() }, store }));
  const payloads: Payload[] = [];
  const recorded = Object.fromEntries(
    Object.entries(real).map(([name, activity]) => [
      name,
      async (input: unknown) => {
        payloads.push(defaultPayloadConverter.toPayload(input));
        const result = await (activity as (input: unknown) => Promise<unknown>)(input);
        payloads.push(defaultPayloadConverter.toPayload(result));
        return result;
      },
    ]),
  ) as unknown as Activities;
  await syncSource(recorded, { source: 'slack', window: f.period, streamConcurrency: 4 });
  return payloads;
}

describe('the Temporal payload codec', () => {
  let f: SlackFixture;
  let store: PrivateStore;
  beforeAll(async () => {
    f = await startSlackFixture({ people: 24, weeks: 1 });
    store = await openPrivateStore(tempDir('codec-store'));
  });
  afterAll(async () => {
    await store.close();
    await f.close();
  });

  it("seals every activity input and result of a sync: no pseudonym, stream id or JSON left, and each decodes back exactly", async () => {
    const payloads = await payloadsOfOneSync(f, store);
    const pseudonyms = (await store.select({ sql: 'SELECT DISTINCT actor FROM events' })).map((r) => String(r.actor));
    const plain = payloads.map((p) => Buffer.from(p.data ?? []).toString());
    // The defence off: in clear, the payloads are JSON anyone with access to the history reads (the source, windows, counts);
    // that they name nobody even in clear is tests/workflows/activity-history-pseudonyms.test.ts's.
    expect(plain.some((text) => text.includes('"source":"slack"'))).toBe(true);
    const sealed = await codec.encode(payloads);
    for (const payload of sealed) {
      const bytes = Buffer.from(payload.data ?? []);
      expect(Object.keys(payload.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
      expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
      for (const needle of [...pseudonyms.slice(0, 50), 'json/plain', '"stream"', 'slack']) expect(bytes.includes(needle)).toBe(false);
    }
    const opened = await codec.decode(sealed);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(payloads.map((p) => defaultPayloadConverter.fromPayload(p)));
  }, 60_000);

  it('seals the same payload differently each time, refuses another key by name and an altered payload, and passes an unsealed one through', async () => {
    const payload = defaultPayloadConverter.toPayload({ stream: 'calendar:abc', fetched: 3 });
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    const other = temporalPayloadCodec(new Uint8Array(32).fill(9));
    await expect(other.decode([a!])).rejects.toThrow(ConfigError);
    await expect(other.decode([a!])).rejects.toThrow(/ATTUNE_PSEUDONYM_KEY/);
    const altered = { ...a!, data: Uint8Array.from(a!.data!, (byte, i) => (i === 20 ? byte ^ 1 : byte)) };
    await expect(codec.decode([altered])).rejects.toThrow(/altered/);
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it("keeps a failure's message and stack trace only inside sealed payloads", async () => {
    const { failureConverter } = loadDataConverter(temporalDataConverter(key));
    const message = 'graph: 503 reading /users/0a1b2c3d/calendarView for calendar:ps_secret';
    const failure = failureConverter.errorToFailure(ApplicationFailure.create({ message, type: 'transient' }), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure)).not.toContain('ps_secret');
    const [sealed] = await codec.encode([failure.encodedAttributes!]);
    expect(Buffer.from(sealed!.data!).includes('ps_secret')).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    const back = failureConverter.failureToError({ ...failure, encodedAttributes: opened }, defaultPayloadConverter);
    expect(back.message).toBe(message);
  });
});
