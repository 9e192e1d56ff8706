import { TransientError } from '../models/errors.ts';
import type { TemporalConfig } from '../temporal.config.ts';

/** The error for a Temporal server that could not be reached, naming the settings to check. */
export function unreachableTemporal(temporal: TemporalConfig, cause: unknown): TransientError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TransientError(
    `cannot reach Temporal at ${temporal.address} (TEMPORAL_ADDRESS), namespace ${temporal.namespace} (TEMPORAL_NAMESPACE): ${reason}`,
  );
}
