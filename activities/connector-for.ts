import type { SourceConnector } from '../connectors/source-connector.ts';
import { ConfigError } from '../models/errors.ts';
import type { Source } from '../models/source.ts';
import type { IngestDeps } from './activity-deps.ts';

/** The connector of a configured source, or a ConfigError saying the source is not configured. */
export function connectorFor(deps: Pick<IngestDeps, 'connectors'>, source: Source): SourceConnector {
  const connector = deps.connectors[source];
  if (!connector) throw new ConfigError(`${source} is not configured on this worker`, source, source);
  return connector;
}
