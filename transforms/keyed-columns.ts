/**
 * How a column of the private store holds values keyed by the installation secret:
 * - `person`: one person's pseudonym;
 * - `people`: a list of pseudonyms;
 * - `naming`: text with pseudonyms inside (a stream `calendar:<pseudonym>`, a contributor token);
 * - `group`: text with a keyed team id inside (`microsoft:mgr:<key>`, its name's `(<first six>)`);
 * - `nudgeKey`: a nudge's idempotency key, a hash of its person's pseudonym (see nudgeKeySql).
 */
export type KeyedColumnKind = 'person' | 'people' | 'naming' | 'group' | 'nudgeKey';

/** One table's keyed columns, and whether its rows are raw source records (keyed by hashed source ids). */
export interface KeyedTable {
  columns: Readonly<Record<string, KeyedColumnKind>>;
  /**
   * The rows are what sources said (events, their change log, cursors, quarantined records),
   * keyed by source event, conversation and stream ids hashed under the pseudonym key: those
   * hashes cannot be recomputed without the source's own ids, which attune never keeps.
   */
  raw?: true;
}

/**
 * Every private-store table that holds a value keyed by the installation secret, and where:
 * the one classification that erasure (every table naming a person) and key rotation (every
 * keyed value) are checked against, so a new table must be classified here or in
 * tablesWithoutKeyedValues.
 */
export const keyedTables: Readonly<Record<string, KeyedTable>> = {
  events: { columns: { actor: 'person', counterparts: 'people' }, raw: true },
  event_changes: { columns: { actor: 'person', counterparts: 'people' }, raw: true },
  sync_state: { columns: { stream: 'naming' }, raw: true },
  quarantine: { columns: { stream: 'naming', record_ref: 'naming' }, raw: true },
  people: { columns: { pseudonym: 'person' } },
  person_time_zones: { columns: { pseudonym: 'person' } },
  feature_people: { columns: { pseudonym: 'person' } },
  feature_time_zones: { columns: { pseudonym: 'person' } },
  identity_vault: { columns: { pseudonym: 'person' } },
  teams: { columns: { team: 'group', team_name: 'group', parent: 'group' } },
  team_memberships: { columns: { person: 'person', team: 'group', team_name: 'group' } },
  segment_memberships: { columns: { person: 'person' } },
  org_week_groups: { columns: { group_id: 'group', name: 'group', parent: 'group' } },
  org_week_members: { columns: { person: 'person', group_id: 'group' } },
  person_day_features: { columns: { person: 'person' } },
  person_day_collaborations: { columns: { person: 'person', other: 'person' } },
  person_day_replies: { columns: { person: 'person' } },
  person_week_features: { columns: { person: 'person' } },
  person_week_wellbeing: { columns: { person: 'person' } },
  person_week_baselines: { columns: { person: 'person' } },
  nudge_outbox: { columns: { person: 'person', nudge_key: 'nudgeKey' } },
  nudge_preferences: { columns: { person: 'person' } },
  privacy_opt_outs: { columns: { person: 'person' } },
  aggregate_source_exclusions: { columns: { person: 'person' } },
  personal_choices: { columns: { person: 'person' } },
  erasure_requests: { columns: { person: 'person' } },
  released_sets: { columns: { contributors: 'people', group_id: 'group' } },
  release_outbox: { columns: { cells: 'group' } },
};

/** The private store's tables that hold no value keyed by the installation secret, and why. */
export const tablesWithoutKeyedValues: Readonly<Record<string, string>> = {
  schema_migrations: 'the schema version',
  released_weeks: 'week and release id',
  used_link_nonces: 'random nonces of used links and Slack signatures',
  slack_channel_selection: 'channel ids an admin chose',
  run_records: 'counts per run',
  run_source_records: 'counts and failure messages per source, never a stream id or pseudonym',
  run_rate_limit_waits: 'counts and durations per source and stream kind, never a stream id',
  installation_fingerprint: 'a keyed hash of the installation secret, replaced whole by a rotation',
  retention_horizon: 'the date before which raw events were deleted',
};

/** The tables holding a person: those an erasure must reach. */
export function tablesNamingPeople(): string[] {
  return Object.entries(keyedTables)
    .filter(([, table]) => Object.values(table.columns).some((kind) => kind !== 'group'))
    .map(([name]) => name);
}
