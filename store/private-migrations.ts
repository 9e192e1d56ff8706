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
  {
    version: 3,
    name: 'wellbeing features (calendar, focus, network, issue load, reply latency), weekly rollups, personal baselines, change log for incremental recompute',
    statements: [
      // Features are derived data: the table is rebuilt with its new columns, and the empty
      // feature_people snapshot makes the next compute recompute every person-day.
      'DROP TABLE person_day_features',
      `CREATE TABLE person_day_features (
        person VARCHAR NOT NULL,
        day DATE NOT NULL,
        is_working_day BOOLEAN NOT NULL,
        is_out_of_office BOOLEAN NOT NULL,
        messages_sent INTEGER NOT NULL,
        active_minutes INTEGER NOT NULL,
        after_hours_minutes INTEGER NOT NULL,
        non_working_day_minutes INTEGER NOT NULL,
        workday_span_minutes INTEGER NOT NULL,
        distinct_collaborators INTEGER NOT NULL,
        collaborators_7d INTEGER NOT NULL,
        collaborators_28d INTEGER NOT NULL,
        network_size_28d INTEGER NOT NULL,
        meeting_count INTEGER NOT NULL,
        meeting_minutes INTEGER NOT NULL,
        back_to_back_minutes INTEGER NOT NULL,
        longest_chain_minutes INTEGER NOT NULL,
        long_chains INTEGER NOT NULL,
        double_booked_minutes INTEGER NOT NULL,
        large_meeting_count INTEGER NOT NULL,
        large_meeting_minutes INTEGER NOT NULL,
        long_meeting_count INTEGER NOT NULL,
        long_meeting_minutes INTEGER NOT NULL,
        focus_minutes INTEGER NOT NULL,
        issues_in_progress INTEGER NOT NULL,
        issue_transitions INTEGER NOT NULL,
        after_hours_issue_transitions INTEGER NOT NULL,
        worklog_minutes INTEGER NOT NULL,
        after_hours_worklog_minutes INTEGER NOT NULL,
        replies_timed INTEGER NOT NULL,
        median_reply_latency_minutes DOUBLE,
        PRIMARY KEY (person, day)
      )`,
      `CREATE TABLE person_day_collaborations (
        person VARCHAR NOT NULL,
        day DATE NOT NULL,
        other VARCHAR NOT NULL,
        interactions INTEGER NOT NULL,
        meaningful_interactions INTEGER NOT NULL,
        PRIMARY KEY (person, day, other)
      )`,
      `CREATE TABLE person_day_replies (
        person VARCHAR NOT NULL,
        day DATE NOT NULL,
        latency_seconds DOUBLE NOT NULL
      )`,
      `CREATE TABLE person_week_wellbeing (
        person VARCHAR NOT NULL,
        week_start DATE NOT NULL,
        working_days_active INTEGER NOT NULL,
        out_of_office_days INTEGER NOT NULL,
        off_hours_minutes INTEGER NOT NULL,
        long_days INTEGER NOT NULL,
        meeting_count INTEGER NOT NULL,
        meeting_minutes INTEGER NOT NULL,
        back_to_back_minutes INTEGER NOT NULL,
        long_chains INTEGER NOT NULL,
        double_booked_minutes INTEGER NOT NULL,
        large_meeting_count INTEGER NOT NULL,
        large_meeting_minutes INTEGER NOT NULL,
        long_meeting_count INTEGER NOT NULL,
        long_meeting_minutes INTEGER NOT NULL,
        focus_minutes INTEGER NOT NULL,
        collaborators_28d INTEGER NOT NULL,
        network_size INTEGER NOT NULL,
        mean_issues_in_progress DOUBLE,
        issue_transitions INTEGER NOT NULL,
        after_hours_issue_transitions INTEGER NOT NULL,
        worklog_minutes INTEGER NOT NULL,
        after_hours_worklog_minutes INTEGER NOT NULL,
        replies_timed INTEGER NOT NULL,
        median_reply_latency_minutes DOUBLE,
        PRIMARY KEY (person, week_start)
      )`,
      `CREATE TABLE person_week_baselines (
        person VARCHAR NOT NULL,
        week_start DATE NOT NULL,
        baseline_weeks INTEGER NOT NULL,
        after_hours_minutes_median DOUBLE,
        after_hours_minutes_mad DOUBLE,
        off_hours_minutes_median DOUBLE,
        off_hours_minutes_mad DOUBLE,
        long_days_median DOUBLE,
        long_days_mad DOUBLE,
        long_chains_median DOUBLE,
        long_chains_mad DOUBLE,
        focus_minutes_median DOUBLE,
        focus_minutes_mad DOUBLE,
        distinct_collaborators_median DOUBLE,
        distinct_collaborators_mad DOUBLE,
        PRIMARY KEY (person, week_start)
      )`,
      `CREATE TABLE event_changes (
        kind VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        counterparts VARCHAR[] NOT NULL,
        start_at TIMESTAMPTZ NOT NULL,
        end_at TIMESTAMPTZ NOT NULL,
        conversation VARCHAR,
        is_thread BOOLEAN NOT NULL
      )`,
      `CREATE TABLE feature_people (
        pseudonym VARCHAR PRIMARY KEY,
        time_zone VARCHAR NOT NULL,
        work_days INTEGER[] NOT NULL,
        work_start_minute INTEGER NOT NULL,
        work_end_minute INTEGER NOT NULL
      )`,
    ],
  },
  {
    version: 4,
    name: 'release: opt-outs, weekly organisation history, released contributor sets, released weeks',
    statements: [
      `CREATE TABLE privacy_opt_outs (
        person VARCHAR PRIMARY KEY,
        opted_out_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE org_week_groups (
        week_start DATE NOT NULL,
        group_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL CHECK (kind IN ('team', 'segment')),
        name VARCHAR NOT NULL,
        parent VARCHAR,
        dimension VARCHAR,
        PRIMARY KEY (week_start, group_id)
      )`,
      `CREATE TABLE org_week_members (
        week_start DATE NOT NULL,
        group_id VARCHAR NOT NULL,
        person VARCHAR NOT NULL,
        PRIMARY KEY (week_start, group_id, person)
      )`,
      `CREATE TABLE released_sets (
        metric VARCHAR NOT NULL,
        group_id VARCHAR NOT NULL,
        week_start DATE NOT NULL,
        contributors VARCHAR[] NOT NULL,
        PRIMARY KEY (metric, group_id, week_start)
      )`,
      `CREATE TABLE released_weeks (
        week_start DATE PRIMARY KEY,
        release_id VARCHAR NOT NULL
      )`,
    ],
  },
  {
    version: 5,
    name: "nudges: outbox, each person's nudge preferences, sharing choices and their log, erasure requests, used action links",
    statements: [
      `CREATE TABLE nudge_outbox (
        nudge_key VARCHAR PRIMARY KEY,
        person VARCHAR NOT NULL,
        rule VARCHAR NOT NULL,
        week_start DATE NOT NULL,
        facts VARCHAR NOT NULL,
        planned_at TIMESTAMPTZ NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'withheld', 'expired', 'undeliverable')),
        attempts INTEGER NOT NULL,
        next_attempt_at TIMESTAMPTZ,
        channel VARCHAR,
        sent_at TIMESTAMPTZ
      )`,
      `CREATE TABLE nudge_preferences (
        person VARCHAR PRIMARY KEY,
        stopped BOOLEAN NOT NULL,
        snoozed_until TIMESTAMPTZ
      )`,
      `CREATE TABLE aggregate_source_exclusions (
        person VARCHAR NOT NULL,
        source_kind VARCHAR NOT NULL CHECK (source_kind IN ('calendar', 'chat', 'issues')),
        PRIMARY KEY (person, source_kind)
      )`,
      `CREATE TABLE personal_choices (
        person VARCHAR NOT NULL,
        chosen_at TIMESTAMPTZ NOT NULL,
        choice VARCHAR NOT NULL
      )`,
      `CREATE TABLE erasure_requests (
        person VARCHAR PRIMARY KEY,
        requested_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE used_link_nonces (
        nonce VARCHAR PRIMARY KEY,
        expires_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    version: 6,
    name: 'release outbox: each release planned and committed with its weeks, then published to the analytics store',
    statements: [
      // The ledger row as it will be published, the planned cells as JSON (groups and their
      // aggregates, never a person), and when it reached the analytics store (NULL: not yet).
      `CREATE TABLE release_outbox (
        release_id VARCHAR PRIMARY KEY,
        released_at TIMESTAMPTZ NOT NULL,
        rules VARCHAR NOT NULL,
        k INTEGER NOT NULL,
        epsilon DOUBLE,
        weeks_from DATE NOT NULL,
        weeks_to DATE NOT NULL,
        cells_released INTEGER NOT NULL,
        cells_suppressed INTEGER NOT NULL,
        suppressed_min_contributors INTEGER NOT NULL,
        suppressed_time_differencing INTEGER NOT NULL,
        suppressed_overlap INTEGER NOT NULL,
        suppressed_secondary INTEGER NOT NULL,
        suppressed_segment_cut INTEGER NOT NULL,
        suppressed_linear_audit INTEGER NOT NULL,
        epsilon_max_per_person DOUBLE,
        cells VARCHAR NOT NULL,
        published_at TIMESTAMPTZ
      )`,
    ],
  },
  {
    version: 7,
    name: 'the ε cap per person-week in the release outbox, published with the ledger row',
    statements: ['ALTER TABLE release_outbox ADD COLUMN epsilon_cap_per_person DOUBLE'],
  },
  {
    version: 8,
    name: 'the source a person’s time zone comes from, for the time-zone precedence',
    // NULL for zones stored before: any source with a real zone may then set it.
    statements: ['ALTER TABLE people ADD COLUMN time_zone_source VARCHAR'],
  },
  {
    version: 9,
    name: 'effective-dated time zones: each person’s zone history, and its snapshot at the last feature compute',
    statements: [
      // A person's zone from `effective_from` on; the first row of a person is effective from the epoch.
      `CREATE TABLE person_time_zones (
        pseudonym VARCHAR NOT NULL,
        effective_from TIMESTAMPTZ NOT NULL,
        time_zone VARCHAR NOT NULL,
        PRIMARY KEY (pseudonym, effective_from)
      )`,
      "INSERT INTO person_time_zones SELECT pseudonym, TIMESTAMPTZ '1970-01-01 00:00:00+00', time_zone FROM people",
      'CREATE TABLE feature_time_zones AS SELECT * FROM person_time_zones',
    ],
  },
  {
    version: 10,
    name: 'the Slack channels an admin chose to read (by an export import), for the API path to read the same',
    statements: [
      // One row per chosen channel id; `chosen_by` is how: 'channels' (named) or 'all-public'. No rows: no choice made.
      `CREATE TABLE slack_channel_selection (
        channel VARCHAR PRIMARY KEY,
        chosen_by VARCHAR NOT NULL CHECK (chosen_by IN ('channels', 'all-public')),
        chosen_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    version: 11,
    name: 'run records: what each run did, per source (counts and failure messages only), for attune status',
    statements: [
      `CREATE TABLE run_records (
        run_id VARCHAR PRIMARY KEY,
        finished_at TIMESTAMPTZ NOT NULL,
        window_start TIMESTAMPTZ NOT NULL,
        window_end TIMESTAMPTZ NOT NULL,
        released BOOLEAN NOT NULL,
        person_day_rows INTEGER NOT NULL,
        cells_released INTEGER NOT NULL,
        cells_suppressed INTEGER NOT NULL
      )`,
      `CREATE TABLE run_source_records (
        run_id VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')),
        failure VARCHAR,
        directory_failure VARCHAR,
        last_stream_failure VARCHAR,
        streams_read INTEGER NOT NULL,
        streams_skipped INTEGER NOT NULL,
        streams_failed INTEGER NOT NULL,
        events_fetched INTEGER NOT NULL,
        events_new INTEGER NOT NULL,
        quarantined INTEGER NOT NULL,
        PRIMARY KEY (run_id, source)
      )`,
    ],
  },
  {
    version: 12,
    name: 'installation fingerprint: the secret a store was created with, so another one is refused',
    statements: [
      // One row: a keyed hash derived from the installation secret for this purpose only (never the secret or a plain hash of it).
      `CREATE TABLE installation_fingerprint (
        fingerprint VARCHAR NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    version: 13,
    name: 'retention: when a directory last listed each person (leavers), and from when raw events are kept (older days frozen)',
    statements: [
      // Set at each directory sync to the run's nominal time; people stored before count as listed when last updated.
      'ALTER TABLE people ADD COLUMN last_listed_at TIMESTAMPTZ',
      'UPDATE people SET last_listed_at = updated_at',
      // One row once retention has run: events ending before this instant are deleted, and the features of days before it stay as computed.
      `CREATE TABLE retention_horizon (
        events_kept_from TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    version: 14,
    name: 'rate-limit waits of each run, per source and stream kind (never per stream: a stream id can hold a pseudonym), for attune status',
    statements: [
      // Throttled: behind a pause the server asked for (429, Retry-After); paced: the rate limiter's own pacing.
      `CREATE TABLE run_rate_limit_waits (
        run_id VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        stream_kind VARCHAR NOT NULL,
        throttled_waits INTEGER NOT NULL,
        throttled_ms BIGINT NOT NULL,
        paced_waits INTEGER NOT NULL,
        paced_ms BIGINT NOT NULL,
        PRIMARY KEY (run_id, source, stream_kind)
      )`,
    ],
  },
  {
    version: 15,
    name: 'collaborations without a primary key: the feature recompute writes each (person, day, other) once, and the key cost it more than the rows',
    // DuckDB cannot drop a primary key, so the table is made again without one and its rows copied over. The key was
    // maintained row by row on every delete and insert of a recompute: at 500 people x 60 days it took the inserts of a
    // full recompute from 3.0 to 8.2 s of CPU, and deleting late events' dirty days from 0.2 to 6.7 s.
    statements: [
      `CREATE TABLE person_day_collaborations_unkeyed (
        person VARCHAR NOT NULL,
        day DATE NOT NULL,
        other VARCHAR NOT NULL,
        interactions INTEGER NOT NULL,
        meaningful_interactions INTEGER NOT NULL
      )`,
      'INSERT INTO person_day_collaborations_unkeyed SELECT person, day, other, interactions, meaningful_interactions FROM person_day_collaborations',
      'DROP TABLE person_day_collaborations',
      'ALTER TABLE person_day_collaborations_unkeyed RENAME TO person_day_collaborations',
    ],
  },
  {
    version: 16,
    name: 'events without a primary key: the load finds each staged event among the stored ones by a join, and the key grew with every event kept',
    // The key's index (DuckDB's ART) held about 90 bytes an event in memory, 157 MiB at 1.8 M events, and grows with the
    // organisation; DuckDB wants it whole in memory. Nothing read it: the load already joins staged against stored events
    // to tell new from changed, and writes each (source, source_event_id) once (its last staged copy). Made again without
    // the key, as DuckDB cannot drop one; the rows are copied in their stored order.
    statements: [
      `CREATE TABLE events_unkeyed (
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
        response VARCHAR,
        online BOOLEAN,
        state VARCHAR
      )`,
      `INSERT INTO events_unkeyed
       SELECT source, kind, source_event_id, actor, counterparts, start_at, end_at, conversation, is_thread, size, response, online, state FROM events`,
      'DROP TABLE events',
      'ALTER TABLE events_unkeyed RENAME TO events',
    ],
  },
];
