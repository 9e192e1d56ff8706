import type { SqlStatement } from '../models/sql-statement.ts';
import type { PrivateStore } from '../store/private-store.ts';
import type { NoiseSource } from '../transforms/release/discrete-laplace.ts';
import type { OrgGroup } from '../transforms/release/org-group.ts';
import type { OrgOverrides } from '../transforms/release/org-overrides.ts';
import { orgSnapshotStatements } from '../transforms/release/org-snapshot-statements.ts';
import { planRelease, type ReleasePlan, type ReleasedSet } from '../transforms/release/plan-release.ts';
import { releaseInputQueries } from '../transforms/release/release-input-queries.ts';
import { releasePublishStatements } from '../transforms/release/release-publish-statements.ts';
import type { ReleasePolicy } from '../transforms/release/release-policy.ts';
import { releaseWriteStatements } from '../transforms/release/release-write-statements.ts';
import { releasedMetrics } from '../transforms/release/released-metrics.ts';
import { resolveOrganisation, type DirectoryOrganisation } from '../transforms/release/resolve-organisation.ts';

const dayMs = 86_400_000;
/** The Monday `days` days after `week`. */
const plusDays = (week: string, days: number) => new Date(Date.parse(`${week}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/** What one release did: the weeks it released (none when all were released before), its cell counts and what is published. */
export interface ReleaseRun {
  weeks: { from: string; to: string };
  released: number;
  suppressed: number;
  plan: ReleasePlan | null;
  publication: Publication;
}

/** What publishing the release outbox did: releases now in the analytics store, and those still waiting with why. */
export interface Publication {
  published: number;
  waiting: number;
  /** Why the waiting releases could not be published (e.g. another process holds the analytics store open), or null. */
  failure: string | null;
}

/**
 * Publishes every release committed to the outbox and not yet published, oldest weeks first, to
 * the analytics store at `analyticsPath`, each in its own transaction and then marked published.
 * When the analytics store can't be written (another process holds it open, a full disk), the
 * releases stay in the outbox for the next call: publication is delayed, never lost, and a
 * release published again after a crash writes the same rows and ledger row.
 */
export async function publishReleases(store: PrivateStore, analyticsPath: string): Promise<Publication> {
  const pending = (await store.select(releasePublishStatements.pending)).map((r) => String(r.release_id));
  let published = 0;
  for (const releaseId of pending) {
    try {
      await store.runWithAnalytics(analyticsPath, releasePublishStatements.publish(releaseId));
    } catch (error) {
      return { published, waiting: pending.length - published, failure: error instanceof Error ? error.message : String(error) };
    }
    await store.run([releasePublishStatements.markPublished(releaseId)]);
    published++;
  }
  return { published, waiting: 0, failure: null };
}

/**
 * Releases the complete weeks in [fromWeek, toWeek) that no earlier release covered: released
 * weeks are final (a later release never rewrites them, so nothing released can be differenced
 * against a second version of itself, and an opt-out applies from the next week released). Weeks
 * without a recorded organisation get today's (directories with the admin's overrides); then the
 * weeks are planned under `policy` and, in one private transaction, marked released together with
 * the release's outbox row (its cells and ledger row); last, every release waiting in the outbox
 * is published to the analytics store at `analyticsPath` (see publishReleases), also when there
 * were no new weeks.
 */
export async function runRelease(
  store: PrivateStore,
  {
    fromWeek,
    toWeek,
    policy,
    overrides,
    noise,
    analyticsPath,
    releasedAt,
  }: {
    fromWeek: string;
    toWeek: string;
    policy: ReleasePolicy;
    overrides: OrgOverrides;
    noise: NoiseSource | undefined;
    analyticsPath: string;
    /** ISO-8601 instant of the release; with the weeks, it names the release. */
    releasedAt: string;
  },
): Promise<ReleaseRun> {
  const rows = async (statement: SqlStatement) => store.select(statement);
  const [through] = await rows(releaseInputQueries({ fromWeek, toWeek, metrics: releasedMetrics }).releasedThrough);
  const last = typeof through?.last === 'string' ? through.last : null;
  const from = last !== null && last >= fromWeek ? plusDays(last, 7) : fromWeek;
  if (from >= toWeek) return { weeks: { from: fromWeek, to: toWeek }, released: 0, suppressed: 0, plan: null, publication: await publishReleases(store, analyticsPath) };

  const queries = releaseInputQueries({ fromWeek: from, toWeek, metrics: releasedMetrics });
  const weeks: string[] = [];
  for (let week = from; week < toWeek; week = plusDays(week, 7)) weeks.push(week);
  const recorded = new Set((await rows(queries.snapshotWeeks)).map((r) => String(r.week)));
  const missing = weeks.filter((w) => !recorded.has(w));
  if (missing.length > 0) {
    const directory = {
      teams: await rows(queries.directoryTeams),
      memberships: await rows(queries.directoryMemberships),
      segments: await rows(queries.directorySegments),
    } as unknown as DirectoryOrganisation;
    await store.run(orgSnapshotStatements(missing, resolveOrganisation(directory, overrides)));
  }

  const organisation = new Map(weeks.map((w) => [w, { groups: [] as OrgGroup[], members: new Map<string, readonly string[]>() }]));
  for (const g of await rows(queries.groups)) {
    const { week, ...group } = g as unknown as OrgGroup & { week: string };
    organisation.get(week)?.groups.push(group);
  }
  for (const m of await rows(queries.members)) organisation.get(String(m.week))?.members.set(String(m.group), m.persons as string[]);
  const values = new Map<string, Map<string, Record<string, number | null>>>();
  for (const row of await rows(queries.values)) {
    const { week, person, ...metrics } = row as { week: string; person: string } & Record<string, number | null>;
    (values.get(week) ?? values.set(week, new Map()).get(week))?.set(person, metrics);
  }
  const carried = new Map<string, Record<string, number | null>>();
  for (const row of await rows(queries.carried)) {
    const { person, ...metrics } = row as { person: string } & Record<string, number | null>;
    carried.set(person, metrics);
  }
  const history = new Map<string, ReleasedSet[]>();
  for (const h of await rows(queries.history)) {
    const set = { group: String(h.group), week: String(h.week), contributors: h.contributors as string[] };
    (history.get(String(h.metric)) ?? history.set(String(h.metric), []).get(String(h.metric)))?.push(set);
  }

  const plan = planRelease({ weeks, organisation, values, carried, history }, policy, releasedMetrics, noise);
  const releaseId = `${from}..${toWeek}@${releasedAt}`;
  await store.run(releaseWriteStatements({ plan, policy, fromWeek: from, toWeek, releaseId, releasedAt }));
  const released = plan.cells.filter((c) => c.status === 'released').length;
  return { weeks: { from, to: toWeek }, released, suppressed: plan.cells.length - released, plan, publication: await publishReleases(store, analyticsPath) };
}
