/** A read-only view of the analytics store (released team aggregates and the release ledger) for `attune query`. */
export interface AnalyticsStore {
  /** Runs one query; values come in DuckDB's JSON form (BIGINT as text, DATE as YYYY-MM-DD). */
  query(sql: string): Promise<{ columns: string[]; rows: unknown[][] }>;
  /** Closes the database. */
  close(): Promise<void>;
}
