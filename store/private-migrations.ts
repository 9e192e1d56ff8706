import type { Migration } from './migration.ts';

/** The private store's schema history, oldest first. Append new migrations; never edit an applied one. */
export const privateMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial private schema',
    statements: [
      `CREATE TABLE people (
        pseudonym VARCHAR PRIMARY KEY,
        time_zone VARCHAR NOT NULL,
        work_days INTEGER[] NOT NULL,
        work_start_minute INTEGER NOT NULL,
        work_end_minute INTEGER NOT NULL,
        identity_resolved BOOLEAN NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE team_memberships (
        source VARCHAR NOT NULL,
        team VARCHAR NOT NULL,
        team_name VARCHAR NOT NULL,
        person VARCHAR NOT NULL,
        PRIMARY KEY (source, team, person)
      )`,
      `CREATE TABLE events (
        source VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        source_event_id VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        counterparts VARCHAR[] NOT NULL,
        start_at TIMESTAMPTZ NOT NULL,
        end_at TIMESTAMPTZ NOT NULL,
        conversation VARCHAR,
        is_thread BOOLEAN NOT NULL,
        size INTEGER,
        PRIMARY KEY (source, source_event_id)
      )`,
      `CREATE TABLE sync_state (
        source VARCHAR NOT NULL,
        stream VARCHAR NOT NULL,
        position VARCHAR,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (source, stream)
      )`,
      `CREATE TABLE quarantine (
        source VARCHAR NOT NULL,
        stream VARCHAR NOT NULL,
        record_ref VARCHAR,
        problem VARCHAR NOT NULL,
        quarantined_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE identity_vault (
        pseudonym VARCHAR PRIMARY KEY,
        sealed BLOB NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE person_day_features (
        person VARCHAR NOT NULL,
        day DATE NOT NULL,
        is_working_day BOOLEAN NOT NULL,
        messages_sent INTEGER NOT NULL,
        active_minutes INTEGER NOT NULL,
        after_hours_minutes INTEGER NOT NULL,
        non_working_day_minutes INTEGER NOT NULL,
        workday_span_minutes INTEGER NOT NULL,
        distinct_collaborators INTEGER NOT NULL,
        PRIMARY KEY (person, day)
      )`,
      `CREATE TABLE person_week_features (
        person VARCHAR NOT NULL,
        week_start DATE NOT NULL,
        active_days INTEGER NOT NULL,
        messages_sent INTEGER NOT NULL,
        after_hours_minutes INTEGER NOT NULL,
        non_working_day_minutes INTEGER NOT NULL,
        mean_workday_span_minutes DOUBLE,
        distinct_collaborators INTEGER NOT NULL,
        PRIMARY KEY (person, week_start)
      )`,
    ],
  },
  {
    version: 2,
    name: 'calendar and issue event fields, directory teams and segments, time zone and working hours provenance',
    statements: [
      'ALTER TABLE events ADD COLUMN response VARCHAR',
      'ALTER TABLE events ADD COLUMN online BOOLEAN',
      'ALTER TABLE events ADD COLUMN state VARCHAR',
      'ALTER TABLE people ADD COLUMN time_zone_known BOOLEAN DEFAULT true',
      'ALTER TABLE people ADD COLUMN working_hours_known BOOLEAN DEFAULT false',
      `CREATE TABLE teams (
        source VARCHAR NOT NULL,
        team VARCHAR NOT NULL,
        team_name VARCHAR NOT NULL,
        parent VARCHAR,
        PRIMARY KEY (source, team)
      )`,
      `CREATE TABLE segment_memberships (
        source VARCHAR NOT NULL,
        dimension VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        person VARCHAR NOT NULL,
        PRIMARY KEY (source, dimension, value, person)
      )`,
    ],
  },
];
