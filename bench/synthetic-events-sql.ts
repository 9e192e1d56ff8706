/** UTC offsets (hours) of the zones the synthetic people live in, to place their activity in their local day. */
const zones: [string, number][] = [
  ['Europe/London', 0],
  ['America/New_York', -5],
  ['Asia/Tokyo', 9],
  ['Europe/Berlin', 1],
  ['America/Los_Angeles', -8],
  ['Asia/Kolkata', 5.5],
  ['Australia/Sydney', 11],
  ['UTC', 0],
];

/** SQL inserting `people` synthetic people (pseudonyms p00000…) spread over eight time zones, default working hours. */
export function syntheticPeopleSql(people: number): string {
  return `INSERT INTO people (pseudonym, time_zone, work_days, work_start_minute, work_end_minute, identity_resolved, updated_at, time_zone_known, working_hours_known)
    SELECT 'p' || lpad(i::VARCHAR, 5, '0'), [${zones.map(([z]) => `'${z}'`).join(', ')}][1 + i % ${zones.length}],
      [1, 2, 3, 4, 5], 540, 1020, true, now(), true, false
    FROM range(${people}) t(i)`;
}

/**
 * SQL selecting deterministic synthetic events (the `events` columns) for `people` people on the
 * days [fromDay, toDay) after 2024-01-01: per working day 24 messages and thread replies (a third
 * after 17:00 local), 4 reactions, 4 meetings of 2–6 people (some declined, some large),
 * an issue transition and every third day a worklog; 2 messages per weekend day. Colleagues are
 * the 40 people after one's own number, so networks overlap. `tag` keeps event ids of separate calls apart.
 */
export function syntheticEventsSql({ people, fromDay, toDay, tag }: { people: number; fromDay: number; toDay: number; tag: string }): string {
  const pseudonym = (n: string) => `'p' || lpad(((${n}) % ${people})::VARCHAR, 5, '0')`;
  const localAt = (minute: string) => `timezone('UTC', day::TIMESTAMP + to_minutes((${minute})::INTEGER - (offset_h * 60)::INTEGER))`;
  return `WITH person_days AS (
      SELECT i, day, isodow(day) >= 6 AS weekend, [${zones.map(([, o]) => o).join(', ')}][1 + i % ${zones.length}] AS offset_h
      FROM range(${people}) p(i)
      CROSS JOIN (SELECT DATE '2024-01-01' + j::INTEGER AS day FROM range(${fromDay}, ${toDay}) d(j))
    ),
    chat AS (
      SELECT *, (hash(i, day, k, '${tag}') % 1000000007)::BIGINT AS h FROM (SELECT *, unnest(range(CASE WHEN weekend THEN 2 ELSE 24 END)) AS k FROM person_days)
    ),
    talk AS (
      SELECT *, (hash(i, day, k, '${tag}', 'r') % 1000000007)::BIGINT AS h FROM (SELECT *, unnest(range(CASE WHEN weekend THEN 0 ELSE 4 END)) AS k FROM person_days)
    ),
    meet AS (
      SELECT *, (hash(i, day, k, '${tag}', 'm') % 1000000007)::BIGINT AS h FROM (SELECT *, unnest(range(CASE WHEN weekend THEN 0 ELSE 4 END)) AS k FROM person_days)
    ),
    work AS (
      SELECT *, (hash(i, day, '${tag}', 'w') % 1000000007)::BIGINT AS h FROM person_days WHERE NOT weekend
    )
    SELECT 'slack' AS source, CASE WHEN h % 3 = 0 THEN 'thread_reply' ELSE 'message' END AS kind,
      'e${tag}-' || i || '-' || day || '-c' || k AS source_event_id, ${pseudonym('i')} AS actor,
      CASE WHEN h % 3 = 0 THEN [${pseudonym('i + 1 + h % 40')}] ELSE [] END AS counterparts,
      ${localAt('CASE WHEN h % 3 = 1 THEN 1020 + h % 240 ELSE 480 + h % 540 END')} AS start_at,
      ${localAt('CASE WHEN h % 3 = 1 THEN 1020 + h % 240 ELSE 480 + h % 540 END')} AS end_at,
      'c' || (i // 20) AS conversation, h % 3 <> 1 AS is_thread, 20 AS size, NULL AS response, NULL AS online, NULL AS state
    FROM chat
    UNION ALL
    SELECT 'slack', 'reaction', 'e${tag}-' || i || '-' || day || '-r' || k, ${pseudonym('i')}, [${pseudonym('i + 1 + h % 40')}],
      ${localAt('540 + h % 480')}, ${localAt('540 + h % 480')}, 'c' || (i // 20), false, 20, NULL, NULL, NULL
    FROM talk
    UNION ALL
    SELECT 'google', 'meeting', 'e${tag}-' || i || '-' || day || '-m' || k, ${pseudonym('i')},
      list_transform(range(1 + h % 5), x -> ${pseudonym('i + 1 + (h + x * 7) % 40')}),
      ${localAt('540 + k * 105 + (h % 4) * 15')}, ${localAt('540 + k * 105 + (h % 4) * 15 + CASE WHEN h % 5 = 0 THEN 90 ELSE 30 END')},
      'm' || i || '-' || k, false, CASE WHEN h % 11 = 0 THEN 12 ELSE 2 + h % 5 END,
      CASE WHEN h % 20 = 0 THEN 'declined' ELSE 'accepted' END, true, NULL
    FROM meet
    UNION ALL
    SELECT 'jira', 'issue_status', 'e${tag}-' || i || '-' || day || '-s', ${pseudonym('i')}, [],
      ${localAt('600 + h % 600')}, ${localAt('600 + h % 600')}, 'i' || (i * 3 + h % 3), false, NULL, NULL, NULL,
      ['todo', 'in_progress', 'done'][1 + (h // 3) % 3]
    FROM work
    UNION ALL
    SELECT 'jira', 'worklog', 'e${tag}-' || i || '-' || day || '-w', ${pseudonym('i')}, [],
      ${localAt('840')}, ${localAt('840 + 60 + h % 180')}, 'i' || (i * 3), false, NULL, NULL, NULL, NULL
    FROM work WHERE h % 3 = 0`;
}
