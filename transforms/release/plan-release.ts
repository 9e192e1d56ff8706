import { createHash } from 'node:crypto';
import { applyReleaseRules, type LayerCell } from './apply-release-rules.ts';
import { cellStatistics } from './cell-statistics.ts';
import type { NoiseSource } from './discrete-laplace.ts';
import { allocateEpsilon } from './epsilon-budget.ts';
import { layerContributors, withoutStrandedBorrowers } from './held-rosters.ts';
import { contributorToken, memberOfToken, sourceOfToken } from './contributor-token.ts';
import { countedValues, sameCountingColumns, type CountedWeek, type WeekValues } from './member-values.ts';
import type { OrgGroup } from './org-group.ts';
import { releaseRules, type ReleasePolicy, type ReleaseRule } from './release-policy.ts';
import { ReleasedHistory } from './released-history.ts';
import type { ReleasedMetric, SourceKind } from './released-metrics.ts';

/** Everything a release decides from, read from the private store. */
export interface ReleaseInputs {
  /** The Mondays to release, ascending. */
  weeks: readonly string[];
  /** Each week's organisation: its groups and everyone counted in each. */
  organisation: ReadonlyMap<string, { groups: readonly OrgGroup[]; members: ReadonlyMap<string, readonly string[]> }>;
  /** Each week's values per person by metric column; opted-out people and withheld sources are already left out. */
  values: ReadonlyMap<string, WeekValues>;
  /** Each person's latest value per metric before the first week (opt-outs and withheld sources left out), carried into weeks they are absent. */
  carried?: WeekValues;
  /** Per metric, the contributor sets released before these weeks, each group's oldest first. */
  history: ReadonlyMap<string, readonly ReleasedSet[]>;
  /**
   * Per kind of source read, the Monday of the first week it covers in full: a metric drawing on
   * that kind has no cell before it (a week read in part would show a drop nobody had). A kind
   * never read holds no metric back.
   */
  firstCompleteWeeks?: ReadonlyMap<SourceKind, string>;
}

/** A group's contributors from the week they were first released that way, for one metric. */
export interface ReleasedSet {
  group: string;
  week: string;
  contributors: readonly string[];
}

/** One cell of the plan: released with its values, or suppressed with the rule that stopped it and no values. */
export interface PlannedCell extends OrgGroup {
  week: string;
  metric: string;
  status: 'released' | 'suppressed';
  suppressedBy: ReleaseRule | null;
  contributors: number | null;
  mean: number | null;
  median: number | null;
  p25: number | null;
  p75: number | null;
  /** The metric's nudge threshold as text, e.g. '> 180', or null. */
  nudgeThreshold: string | null;
  shareBeyond: number | null;
  /** ε spent on this cell's noise, or null for exact values. */
  epsilon: number | null;
}

/** What one release publishes and remembers. */
export interface ReleasePlan {
  /** The weeks planned, now final (also those where no metric has a cell: a week its sources read only in part). */
  weeks: readonly string[];
  cells: PlannedCell[];
  /** The contributor sets this plan releases that differ from the group's previous release: the next release's history. */
  newSets: (ReleasedSet & { metric: string })[];
  suppressedBy: Record<ReleaseRule, number>;
  /** The most ε any one person's values were used with in one week (over all their cells and metrics, at most the cap), or null without noise. */
  epsilonMaxPerPerson: number | null;
}

/**
 * What becomes of one cell of a layer, the same for every metric of the layer's signature: the
 * rule that suppressed it, or, released, its set as recorded (tokens), whether that set differs
 * from the group's last release, whose value each contributor enters with, whose membership each
 * contributor stands for, and the most times one person's value enters the cell. Not the values
 * themselves: a metric of the same signature may be counted apart (a value missing in a week
 * between those released here), and its latest row of a person may be another week's.
 */
type CellOutcome =
  | { rule: ReleaseRule }
  | { rule: null; recorded: readonly string[]; fresh: boolean; sources: readonly string[]; members: readonly string[]; multiplicity: number };

/** One layer as the rules saw it (held rosters applied), the rule that suppressed each cell (or null), and each cell's outcome in layer order. */
interface DecidedLayer {
  decided: Map<string, ReleaseRule | null>;
  layer: LayerCell[];
  outcomes: CellOutcome[];
}

/** A week without values. */
const emptyWeek: CountedWeek = { source: new Map(), own: new Set(), latest: new Map() };

/** Stable fingerprint of whom a count counts each week (tokens, own values, latest rows): the part of a layer signature metrics counted alike share. */
function countedSignature(weeks: readonly string[], counted: ReadonlyMap<string, CountedWeek>): string {
  const hash = createHash('sha256');
  for (const week of weeks) {
    const { source, own, latest } = counted.get(week) ?? emptyWeek;
    const tokens = [...source].map(([p, from]) => contributorToken(p, from));
    hash.update(`${week}:${tokens.sort().join(',')}|${[...own].sort().join(',')}|${[...latest.keys()].sort().join(',')};`);
  }
  return hash.digest('hex');
}

/** Stable fingerprint of what the rules see for one metric (its count's signature, first week and released sets), so metrics with the same contributors share one decision. */
function layerSignature(counting: string, firstWeek: string, history: readonly ReleasedSet[]): string {
  const hash = createHash('sha256');
  hash.update(`${counting} from ${firstWeek};`);
  // Sets in their recorded order, unsorted: equal signatures still mean equal sets, and metrics
  // decided alike record theirs in the same order (sorting every set again for every metric was ~5 % of planning).
  for (const set of history) hash.update(`${set.group}@${set.week}:${set.contributors.join(',')};`);
  return hash.digest('hex');
}

/** Whether two metrics' released sets are the same sets in the same order: then layerSignature hashes them alike. */
function sameHistory(a: readonly ReleasedSet[], b: readonly ReleasedSet[]): boolean {
  return (
    a.length === b.length &&
    a.every((set, i) => {
      const other = b[i]!;
      const [these, those] = [set.contributors, other.contributors];
      return set.group === other.group && set.week === other.week && (these === those || (these.length === those.length && these.every((t, j) => t === those[j])));
    })
  );
}

/**
 * A released cell's values: exact statistics, with quartiles only where `detail.quartiles` and the
 * share beyond the threshold only where `detail.share` (else NULL whatever their value); or with ε
 * a mean from the clipped sum and a share from the count beyond the threshold, each with keyed
 * discrete Laplace noise (ε split evenly between them) and clamped to their range, and no quartiles.
 * The noise's sensitivity is one value's times `multiplicity`, the most times one person's value
 * enters the cell (a donor's value enters for the donor and for whom they lend it to).
 */
function releasedValues(
  own: readonly number[],
  metric: ReleasedMetric,
  epsilon: number | null,
  noise: NoiseSource | undefined,
  { label, detail, multiplicity }: { label: string; detail: { quartiles: boolean; share: boolean }; multiplicity: number },
) {
  const exact = cellStatistics(own, metric.threshold);
  if (epsilon === null || !noise) {
    const quartiles = detail.quartiles ? { median: exact.median, p25: exact.p25, p75: exact.p75 } : { median: null, p25: null, p75: null };
    return { mean: exact.mean, ...quartiles, shareBeyond: detail.share ? exact.shareBeyond : null, epsilon: null };
  }
  const n = own.length;
  const shareEpsilon = metric.threshold ? epsilon / 2 : 0;
  const clippedSum = Math.round(own.reduce((sum, v) => sum + Math.min(Math.max(v, 0), metric.clip), 0));
  const noisySum = clippedSum + noise(`${label}|sum`, (metric.clip + 1) * multiplicity, epsilon - shareEpsilon);
  const beyond = exact.shareBeyond === null ? null : Math.round(exact.shareBeyond * n) + noise(`${label}|beyond`, multiplicity, shareEpsilon);
  return {
    mean: Math.min(Math.max(noisySum / n, 0), metric.clip),
    median: null,
    p25: null,
    p75: null,
    shareBeyond: beyond === null ? null : Math.min(Math.max(beyond, 0), n) / n,
    epsilon,
  };
}

/**
 * Plans a release over the weeks in order, metric by metric: per week, each group's contributors
 * are its members (see countedValues: absent members count with their latest value, opted-out
 * members and withheld sources with a donor's, so none of them changes a contributor set, a count
 * or a suppression; with `policy.contributors` 'with_data', only members with a value that week);
 * a cell where no member has a value of their own that week has none; `applyReleaseRules` decides what is published,
 * each released cell gets its statistics (with ε: a noisy mean and share from clipped values,
 * and no quartiles), and the group's contributors become the reference for its next week.
 * Exact quartiles need `policy.quartilesAndSharesFrom` (2k) contributors, so they never pin down
 * most of a small cell's values; an exact share beyond the threshold needs as many, and the
 * released cells' counts beyond it must pass the rules again with that many in place of k (a
 * share is a sum of 0/1 values, so a difference of shares is one too: parent − child must not
 * give the share of a small group away, which a 0 or 1 there would make everyone's status).
 */
export function planRelease(inputs: ReleaseInputs, policy: ReleasePolicy, metrics: readonly ReleasedMetric[], noise?: NoiseSource): ReleasePlan {
  if (policy.epsilon !== null && !noise) throw new Error('a release with ε needs a noise source');
  const cells: PlannedCell[] = [];
  const newSets: ReleasePlan['newSets'] = [];
  const suppressedBy = Object.fromEntries(releaseRules.map((r) => [r, 0])) as Record<ReleaseRule, number>;
  // Per layer signature and week: the cells the rules saw (held rosters applied) and what they decided.
  const decisions = new Map<string, Map<string, DecidedLayer>>();
  const shareDecisions = new Map<string, Map<string, Map<string, ReleaseRule | null>>>();
  const detailFrom = policy.quartilesAndSharesFrom;
  const auditShares = policy.epsilon === null && detailFrom > policy.k;
  // Released cells wait for their values until every metric is decided: with ε, a cell's share of
  // the budget depends on how many cells its members are in that week, over all metrics.
  const pending: { index: number; week: string; members: readonly string[]; own: number[]; metric: ReleasedMetric; options: Parameters<typeof releasedValues>[4] }[] = [];

  // Metrics whose values are present in the same rows are counted alike: counted once, by the first column of their group, with its signature.
  const countedBy = new Map(sameCountingColumns(inputs, metrics.map((m) => m.column)).flatMap((group) => group.map((column) => [column, group[0]!] as const)));
  const countings = new Map<string, { counted: Map<string, CountedWeek>; signature: string }>();
  const countingOf = (column: string) => {
    const lead = countedBy.get(column)!;
    const known = countings.get(lead);
    if (known) return known;
    const counted = countedValues(inputs, lead, { byMembership: policy.contributors === 'members', k: policy.k });
    const counting = { counted, signature: countedSignature(inputs.weeks, counted) };
    countings.set(lead, counting);
    return counting;
  };

  const signed: { counting: string; firstWeek: string; released: readonly ReleasedSet[]; signature: string }[] = [];

  for (const metric of metrics) {
    const { counted, signature: counting } = countingOf(metric.column);
    // The first week every kind of source the metric draws on covers in full ('' when none holds it back).
    const firstWeek = metric.sources.map((kind) => inputs.firstCompleteWeeks?.get(kind) ?? '').reduce((a, b) => (a > b ? a : b), '');
    // A metric with an earlier one's count, first week and released sets takes its signature instead of hashing every set again.
    const released = inputs.history.get(metric.column) ?? [];
    const signedAlike = signed.find((s) => s.counting === counting && s.firstWeek === firstWeek && sameHistory(s.released, released));
    const signature = signedAlike?.signature ?? layerSignature(counting, firstWeek, released);
    if (!signedAlike) signed.push({ counting, firstWeek, released, signature });
    const knownLayers = decisions.get(signature);
    const byWeek = knownLayers ?? new Map<string, DecidedLayer>();
    const sharesKnown = metric.threshold && auditShares ? shareDecisions.get(signature) : undefined;
    const sharesByWeek = sharesKnown ?? new Map<string, Map<string, ReleaseRule | null>>();
    const history = [...(inputs.history.get(metric.column) ?? [])];
    const previous = new Map(history.map((set) => [set.group, set.contributors]));
    // What the rules read of the history, indexed at the metric's first run of the rules and extended week by week.
    let indexed: ReleasedHistory | undefined;
    const releasedSets = () => (indexed ??= new ReleasedHistory(history.map((set) => set.contributors)));
    const sameSet = (a: readonly string[] | undefined, b: readonly string[]) => {
      const those = new Set(a);
      return a?.length === b.length && b.every((p) => those.has(p));
    };
    const tokens = policy.borrowers === 'tokens';
    const threshold = metric.threshold ? `${metric.threshold.direction === 'above' ? '>' : '<'} ${metric.threshold.value}` : null;
    for (const week of inputs.weeks) {
      const org = inputs.organisation.get(week);
      const { source, own: withOwn, latest } = counted.get(week) ?? emptyWeek;
      if (!org || week < firstWeek) continue;
      // Contributors are tokens (contributor-token.ts): a borrower's names whose value it enters with;
      // a plain name enters with the person's value this week (or their latest, held as a leaver).
      const borrowed = (token: string) => sourceOfToken(token) !== token;
      const sourceOf = (token: string) => (borrowed(token) ? sourceOfToken(token) : (source.get(token) ?? token));
      // The row holding the value a token enters with (its source's latest), or undefined.
      const rowOf = (token: string) => latest.get(sourceOf(token));
      // A member the group's last release counted by name who borrows now (opted out or withheld a
      // source since) keeps the name for the rules, so the choice changes no set; the set is then
      // recorded with their token (recordedAs), so any later change of donor shows.
      const tokensOf = (group: string) => {
        const before = new Set(previous.get(group));
        return (org.members.get(group) ?? []).filter((p) => source.has(p)).map((p) => (!tokens || before.has(p) ? p : contributorToken(p, source.get(p)!)));
      };
      const recordedAs = (token: string) => (tokens && !borrowed(token) && sourceOf(token) !== token ? contributorToken(token, sourceOf(token)) : token);
      /** Counts each group (held rosters), runs the rules, and counts a group the audit withheld with its last released roster. */
      const decide = (): DecidedLayer => {
        const counts = withoutStrandedBorrowers(
          layerContributors(org.groups, tokensOf, {
            previous,
            k: policy.k,
            hasValue: (token) => rowOf(token) !== undefined,
            held: policy.rosters === 'held',
          }),
          sourceOf,
        );
        // A cell has data when one of its members has a value of their own this week (whoever a held roster counts); else no contributors.
        const countedCells: LayerCell[] = org.groups.map((g) => {
          const hasData = (org.members.get(g.group) ?? []).some((p) => withOwn.has(p));
          return { ...g, contributors: hasData ? counts.get(g.group)! : [] };
        });
        const rulesOn = (cells: readonly LayerCell[]) => applyReleaseRules(cells, policy, { previous, history: releasedSets(), sourceOf });
        // Held rosters: a group whose new roster the linear audit withholds keeps its last release's
        // roster instead (already released, so it adds nothing to combine), when all of it can be counted.
        const keepsLast = (cell: LayerCell, rule: ReleaseRule | null | undefined) => {
          const before = previous.get(cell.group);
          return (
            policy.rosters === 'held' &&
            rule === 'linear_audit' &&
            before !== undefined &&
            !sameSet(before, cell.contributors) &&
            // A token names whose value it enters with, so the kept set sums what it summed when released; a plain name must be its own.
            before.every((token) => rowOf(token) !== undefined && (borrowed(token) || sourceOf(token) === token))
          );
        };
        let decided = rulesOn(countedCells);
        const heldBack = new Set(countedCells.filter((cell) => keepsLast(cell, decided.get(cell.group))).map((cell) => cell.group));
        const layer = countedCells.map((cell) => (heldBack.has(cell.group) ? { ...cell, contributors: previous.get(cell.group)! } : cell));
        if (heldBack.size > 0) decided = rulesOn(layer);
        // Each released cell's set as recorded and whose values it sums, against `previous` before this week's sets (the same for every metric of the signature).
        const outcomes = layer.map((cell): CellOutcome => {
          const rule = decided.get(cell.group) ?? null;
          if (rule !== null) return { rule };
          const recorded = cell.contributors.map(recordedAs);
          const sources = cell.contributors.map(sourceOf);
          const uses = new Map<string, number>();
          for (const from of sources) uses.set(from, (uses.get(from) ?? 0) + 1);
          const fresh = !sameSet(previous.get(cell.group), recorded);
          return { rule, recorded, fresh, sources, members: cell.contributors.map(memberOfToken), multiplicity: Math.max(1, ...uses.values()) };
        });
        return { decided, layer, outcomes };
      };
      // Metrics with the same layer signature count the same contributors with the same history (see layerSignature): counted, decided and recorded once.
      const decidedLayer = byWeek.get(week) ?? decide();
      byWeek.set(week, decidedLayer);
      const { decided, layer, outcomes } = decidedLayer;
      const shared =
        !metric.threshold || !auditShares
          ? null
          : (sharesByWeek.get(week) ??
            applyReleaseRules(
              layer.filter((c) => decided.get(c.group) === null),
              // Combinations of up to 2k − 1 people: a tenth of the effort for each new set, past which that set's share is withheld.
              { ...policy, k: detailFrom, auditEffort: policy.auditEffort / 10 },
              { previous, history: releasedSets(), sourceOf },
            ));
      if (shared) sharesByWeek.set(week, shared);
      const fresh: ReleasedSet[] = [];
      // The layer holds the week's groups in order (see decide), each with its contributors.
      for (const [i, group] of org.groups.entries()) {
        const outcome = outcomes[i]!;
        const base = { ...group, week, metric: metric.column, nudgeThreshold: threshold };
        if (outcome.rule !== null) {
          suppressedBy[outcome.rule]++;
          cells.push({ ...base, status: 'suppressed', suppressedBy: outcome.rule, contributors: null, mean: null, median: null, p25: null, p75: null, shareBeyond: null, epsilon: null });
          continue;
        }
        if (outcome.fresh) fresh.push({ group: group.group, week, contributors: outcome.recorded });
        // Each source's latest row as this metric's own count holds it (the same people as the signature's, each
        // with a value of this metric: every column counted alike has one wherever its count's column has one).
        const own = outcome.sources.map((from) => latest.get(from)![metric.column]!);
        const options = {
          label: `${group.group}|${week}|${metric.column}`,
          detail: { quartiles: own.length >= detailFrom, share: own.length >= detailFrom && (shared === null || shared.get(group.group) === null) },
          multiplicity: outcome.multiplicity,
        };
        pending.push({ index: cells.length, week, members: outcome.members, own, metric, options });
        cells.push({ ...base, status: 'released', suppressedBy: null, contributors: own.length, mean: null, median: null, p25: null, p75: null, shareBeyond: null, epsilon: null });
      }
      for (const set of fresh) {
        history.push(set);
        indexed?.add(set.contributors);
        previous.set(set.group, set.contributors);
        newSets.push({ ...set, metric: metric.column });
      }
    }
    if (!knownLayers) decisions.set(signature, byWeek);
    if (metric.threshold && auditShares && !sharesKnown) shareDecisions.set(signature, sharesByWeek);
  }
  const budget = policy.epsilon === null ? null : allocateEpsilon(pending, policy.epsilon, policy.epsilonCap);
  pending.forEach(({ index, own, metric, options }, i) => {
    Object.assign(cells[index]!, releasedValues(own, metric, budget?.perCell[i] ?? null, noise, options));
  });
  return { weeks: inputs.weeks, cells, newSets, suppressedBy, epsilonMaxPerPerson: budget?.maxPerPerson ?? null };
}
