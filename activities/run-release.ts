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
import { releasedMetrics, type SourceKind } from '../transforms/release/released-metrics.ts';
import { resolveOrganisation, type DirectoryOrganisation } from '../transforms/release/resolve-organisation.ts';
import { firstWeekStartingAfter } from '../models/run-window.ts';
import { dayMs, plusDays } from '../models/time.ts';

/** What one release did: the span of the weeks it released (empty when none waited), its cell counts and what is published. */
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
 * Releases every week before `toWeek` (the first week not yet settled) that has data and was not
 * released before, whenever its data arrived: history imported or backfilled after a first run is
 * released under the same rules on the next call, never dropped, and a week without data is not
 * finalised (it waits for its data). Released weeks are final (a later release never rewrites
 * them, so nothing released can be differenced against a second version of itself, and an
 * opt-out applies from the next week released). Weeks without a recorded organisation get
 * today's (directories with the admin's overrides); then the weeks are planned under `policy`
 * (a metric has no cell in a week that a kind of source it draws on read only in part: the weeks
 * before a source's first complete week, see ReleaseInputs.firstCompleteWeeks)
 * and, in one private transaction, marked released together with the release's outbox row (its
 * cells and ledger row); last, every release waiting in the outbox is published to the analytics
 * store at `analyticsPath` (see publishReleases), also when there were no new weeks.
 */
export async function runRelease(
  store: PrivateStore,
  {
    toWeek,
    policy,
    overrides,
    noise,
    analyticsPath,
    releasedAt,
  }: {
    /** The Monday of the first week not to release (not over, or not settled yet). */
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
  const weeks = (await rows(releaseInputQueries({ fromWeek: toWeek, toWeek, metrics: releasedMetrics }).pendingWeeks)).map((r) => String(r.week));
  if (weeks.length === 0) return { weeks: { from: toWeek, to: toWeek }, released: 0, suppressed: 0, plan: null, publication: await publishReleases(store, analyticsPath) };
  const from = weeks[0]!;
  const to = plusDays(weeks.at(-1)!, 7);

  const queries = releaseInputQueries({ fromWeek: from, toWeek: to, metrics: releasedMetrics });
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

  // A kind of source covers the weeks that start a day after its first event in every time zone
  // (the day's margin covers an event that began before the window that first read it).
  const firstCompleteWeeks = new Map(
    (await rows(queries.firstEvents)).map((r) => [r.sourceKind as SourceKind, firstWeekStartingAfter(Number(r.firstMs) + dayMs)] as const),
  );
  const plan = planRelease({ weeks, organisation, values, carried, history, firstCompleteWeeks }, policy, releasedMetrics, noise);
  const releaseId = `${from}..${to}@${releasedAt}`;
  await store.run(releaseWriteStatements({ plan, policy, fromWeek: from, toWeek: to, releaseId, releasedAt }));
  const released = plan.cells.filter((c) => c.status === 'released').length;
  return { weeks: { from, to }, released, suppressed: plan.cells.length - released, plan, publication: await publishReleases(store, analyticsPath) };
}
