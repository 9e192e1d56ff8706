import { readFile } from 'node:fs/promises';
import type { TemporalConfig } from '../temporal.config.ts';

/** Connection options shared by clients and workers: address, and mTLS files or an API key (Temporal Cloud), read now. */
export async function temporalConnectionOptions(temporal: TemporalConfig) {
  const clientCertPair = temporal.tls && { crt: await readFile(temporal.tls.certPath), key: await readFile(temporal.tls.keyPath) };
  return {
    address: temporal.address,
    ...(clientCertPair ? { tls: { clientCertPair } } : temporal.apiKey ? { tls: true } : {}),
    ...(temporal.apiKey ? { apiKey: temporal.apiKey } : {}),
  };
}
