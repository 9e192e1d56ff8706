import type { Person } from '../models/person.ts';
import type { Source } from '../models/source.ts';
import type { SqlStatement, SqlSteps } from '../models/sql-statement.ts';
import type { SegmentMembership } from '../models/segment-membership.ts';
import type { Team } from '../models/team.ts';
import type { TeamMembership } from '../models/team-membership.ts';
import type { LoadedCounts, StagedPartLoad } from './load-staged-parts.ts';

/**
 * The private store (`<dataDir>/attune.duckdb`): events, people, memberships, sync state,
 * quarantine, the sealed identity vault and per-person features. Calls are serialised: each
 * waits for the previous one, so transactions never interleave on the single connection.
 */
export interface PrivateStore {
  /**
   * Inserts or updates people by pseudonym, as `source` knows them. A person several sources know
   * keeps the best each knows: a real time zone over the UTC stand-in, and among real ones the
   * zone of the highest source in timeZonePrecedence; their own working hours over the default.
   * The zone history (`person_time_zones`) gets a move when the source that set a known zone
   * reports another (effective from now on); any other new zone replaces the whole history.
   */
  upsertPeople(people: readonly Person[], source: Source): Promise<void>;
  /** Replaces, in one transaction, the teams, team memberships and segment memberships that one source states. */
  replaceDirectory(
    source: Source,
    directory: { teams: readonly Team[]; memberships: readonly TeamMembership[]; segments: readonly SegmentMembership[] },
  ): Promise<void>;
  /** The sealed vault entries of the given pseudonyms that exist. */
  readVaultEntries(pseudonyms: readonly string[]): Promise<{ pseudonym: string; sealed: Uint8Array }[]>;
  /** Inserts or replaces sealed (already encrypted) identity vault entries. */
  upsertVaultEntries(entries: readonly { pseudonym: string; sealed: Uint8Array }[]): Promise<void>;
  /** The saved position of one stream, or null before its first saved sync. */
  readCursor(source: Source, stream: string): Promise<string | null>;
  /**
   * In one transaction: loads the staged parts of several streams of `source`, in order, and saves
   * each stream's cursor at its last part, with the same result as loading them one by one (see
   * loadStagedParts); a failure saves nothing of any of them. Returns the load's counts.
   */
  loadParts(source: Source, parts: readonly StagedPartLoad[]): Promise<LoadedCounts>;
  /** Runs statements in order in one transaction; parameters are named `$name`. */
  run(statements: readonly SqlStatement[]): Promise<void>;
  /**
   * Runs a job's steps in order, each in a transaction of its own, then its cleanup however they
   * ended, with nothing else run on the store in between: a long job commits as it goes instead of
   * DuckDB holding all it changed until the end (a feature recompute at 1,000 people peaked 0.1 GiB
   * lower). A failing step keeps the steps before it.
   */
  runSteps(job: SqlSteps): Promise<void>;
  /** As run, returning how many rows each statement inserted, changed or deleted, in order. */
  runCounted(statements: readonly SqlStatement[]): Promise<number[]>;
  /** Writes everything committed into the database file and truncates the WAL, so deleted rows leave both. */
  checkpoint(): Promise<void>;
  /**
   * Attaches a copy of the analytics store at `analyticsPath` as schema `analytics` (creating and
   * migrating it first), runs the statements in one transaction, then the `readBack` query if
   * given, detaches it and renames the copy over the file, so readers holding the old file open
   * never block it and never see half a write. Returns the read-back rows (none without a query).
   */
  runWithAnalytics(
    analyticsPath: string,
    statements: readonly SqlStatement[],
    readBack?: SqlStatement,
  ): Promise<Record<string, unknown>[]>;
  /** Rows of one query, as objects keyed by column name, in DuckDB's JSON form (BIGINT as text, DATE as YYYY-MM-DD). */
  select(statement: SqlStatement): Promise<Record<string, unknown>[]>;
  /** Row counts for health reporting; never anyone's values. */
  counts(): Promise<{ people: number; events: number; featureRows: number; weekFeatureRows: number; quarantined: number }>;
  /** Closes the database; the store cannot be used afterwards. */
  close(options?: {
    /**
     * First rewrites the database file with only its live rows (copied into a new file renamed over
     * this one, the lock held throughout), so nothing deleted stays in freed blocks: after an erasure.
     */
    compact?: boolean;
  }): Promise<void>;
}
