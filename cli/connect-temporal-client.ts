import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config.ts';
import { temporalConnectionOptions } from './temporal-connection-options.ts';
import { unreachableTemporal } from './unreachable-temporal.ts';

/** A Temporal client for attune's namespace; fails within seconds, naming TEMPORAL_ADDRESS, when the server can't be reached. */
export async function connectTemporalClient(temporal: TemporalConfig): Promise<Client> {
  try {
    const connection = await Connection.connect({ ...(await temporalConnectionOptions(temporal)), connectTimeout: temporal.connectTimeout });
    return new Client({ connection, namespace: temporal.namespace });
  } catch (error) {
    throw unreachableTemporal(temporal, error);
  }
}
