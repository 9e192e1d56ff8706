import type { ErrorCategory } from '../models/errors.ts';

/** A failure as the orchestration sees it: its taxonomy category, when known, and its message. */
export interface Failure {
  category: ErrorCategory | null;
  message: string;
}

const categories: readonly string[] = ['auth', 'config', 'rate_limited', 'transient', 'schema_drift'];

/**
 * Reads the category and message of a failure, whether it is attune's own error (embedded run)
 * or a Temporal failure wrapping one (its `cause` chain carries the category as `type`).
 */
export function failureOf(error: unknown): Failure {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { category?: unknown; type?: unknown; message?: unknown };
    const category = [candidate.category, candidate.type].find((c): c is ErrorCategory => categories.includes(String(c)));
    if (category) return { category, message: String(candidate.message ?? category) };
  }
  return { category: null, message: error instanceof Error ? error.message : String(error) };
}

/** Whether a failure must stop its whole source (bad credentials or configuration), not just one stream. */
export function stopsSource(failure: Failure): boolean {
  return failure.category === 'auth' || failure.category === 'config';
}
