import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import type { Config } from './config.ts';
import { loadInstallationSecret } from './installation-secret.ts';
import { temporalDataConverter } from './temporal-payload-codec.ts';
import { temporalConnectionOptions } from './temporal-connection-options.ts';
import { unreachableTemporal } from './unreachable-temporal.ts';

/**
 * A Temporal client for attune's namespace, sealing payloads under the installation's payload key
 * as the workers do (temporalDataConverter), so it needs the installation secret (never creates
 * one); fails within seconds, naming TEMPORAL_ADDRESS, when the server can't be reached.
 */
export async function connectTemporalClient(temporal: TemporalConfig, config: Pick<Config, 'dataDir' | 'pseudonymKey' | 'keyFile'>): Promise<Client> {
  const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey, { create: false, keyFile: config.keyFile }));
  try {
    const connection = await Connection.connect({ ...(await temporalConnectionOptions(temporal)), connectTimeout: temporal.connectTimeout });
    return new Client({ connection, namespace: temporal.namespace, dataConverter: temporalDataConverter(keys.payloadKey) });
  } catch (error) {
    throw unreachableTemporal(temporal, error);
  }
}
