import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { ConfigError } from '../models/errors.ts';

/** The encoding a payload sealed by attune carries in its metadata. */
const sealedEncoding = 'binary/encrypted';
const utf8 = new TextEncoder();
const text = new TextDecoder();
/** Temporal's own wire format of a payload: what is sealed, metadata and all. */
const PayloadMessage = proto.temporal.api.common.v1.Payload;

/** A short public name of a payload key (the first 8 bytes of its SHA-256), so a payload names the key that sealed it. */
function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * A Temporal payload codec sealing every payload (workflow and activity inputs and results,
 * heartbeats, memos, and failures' messages with the failure converter below) with AES-256-GCM
 * under `key`: the whole payload, its metadata included, becomes a random 12-byte IV, the
 * ciphertext and the tag; the sealed payload's metadata says only `binary/encrypted` and the key's
 * id. Temporal's server, its UI and Temporal Cloud then hold nothing readable of a run. A payload
 * sealed under another key, or altered, is refused naming the key id it needs.
 */
export function temporalPayloadCodec(key: Uint8Array): PayloadCodec {
  if (key.length !== 32) throw new RangeError('a payload key is 32 bytes');
  const keyId = keyIdOf(key);
  return {
    async encode(payloads) {
      return payloads.map((payload) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        cipher.setAAD(utf8.encode(keyId));
        const sealed = Buffer.concat([iv, cipher.update(PayloadMessage.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
        return { metadata: { encoding: utf8.encode(sealedEncoding), 'encryption-key-id': utf8.encode(keyId) }, data: new Uint8Array(sealed) };
      });
    },
    async decode(payloads) {
      return payloads.map((payload) => {
        if (text.decode(payload.metadata?.encoding ?? new Uint8Array()) !== sealedEncoding) return payload;
        const sealedWith = text.decode(payload.metadata?.['encryption-key-id'] ?? new Uint8Array());
        if (sealedWith !== keyId) {
          throw new ConfigError(
            `a Temporal payload was sealed with key ${sealedWith}, not this installation's (${keyId}): every worker and client needs keys of the same installation secret (ATTUNE_PSEUDONYM_KEY; an ingest worker, ATTUNE_INGEST_KEY from attune keys ingest-key)`,
            'ATTUNE_PSEUDONYM_KEY',
          );
        }
        const data = Buffer.from(payload.data ?? new Uint8Array());
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
        decipher.setAAD(utf8.encode(keyId));
        decipher.setAuthTag(data.subarray(data.length - 16));
        try {
          return PayloadMessage.decode(Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]));
        } catch {
          throw new Error(`a Temporal payload sealed with key ${keyId} was altered: it does not authenticate`);
        }
      });
    },
  };
}

/** The failure converter (see the file) that moves failures' messages and stack traces into sealed payloads. */
export const failureConverterPath = fileURLToPath(new URL('./temporal-failure-converter.cjs', import.meta.url));

/**
 * The data converter of every attune worker and client: payloads sealed by temporalPayloadCodec,
 * failures' messages and stack traces with them.
 */
export function temporalDataConverter(key: Uint8Array): DataConverter {
  return { payloadCodecs: [temporalPayloadCodec(key)], failureConverterPath };
}
