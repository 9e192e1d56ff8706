import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config.ts';
import type { ActivityRouting } from '../workflows/temporal-routing.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import type { Config } from './config.ts';
import { loadInstallationSecret } from './installation-secret.ts';
import { temporalDataConverter } from './temporal-payload-codec.ts';
import { temporalConnectionOptions } from './temporal-connection-options.ts';
import { unreachableTemporal } from './unreachable-temporal.ts';

/** A client and the routing the workflows it starts take (the queues, and the installation's ingest key fingerprint). */
export interface TemporalSession {
  client: Client;
  routing: ActivityRouting;
}

/**
 * A Temporal client for attune's namespace, sealing payloads under the installation's payload key
 * as the workers do (temporalDataConverter), so it needs the installation secret (never creates
 * one); fails within seconds, naming TEMPORAL_ADDRESS, when the server can't be reached.
 */
export async function connectTemporalClient(temporal: TemporalConfig, config: Pick<Config, 'dataDir' | 'pseudonymKey' | 'keyFile'>): Promise<TemporalSession> {
  const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey, { create: false, keyFile: config.keyFile }));
  try {
    const connection = await Connection.connect({ ...(await temporalConnectionOptions(temporal)), connectTimeout: temporal.connectTimeout });
    const client = new Client({ connection, namespace: temporal.namespace, dataConverter: temporalDataConverter(keys.payloadKey) });
    return { client, routing: { ...temporal.routing, ingestKeyFingerprint: keys.ingest.fingerprint } };
  } catch (error) {
    throw unreachableTemporal(temporal, error);
  }
}
