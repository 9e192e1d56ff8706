import pLimit from 'p-limit';
import type { Activities } from '../activities/create-activities.ts';
import type { StagedDirectory } from '../activities/staged-directory.ts';
import type { StreamList, StreamRef } from '../activities/stream-list.ts';
import type { BudgetShare, Pacing } from '../models/budget-share.ts';
import type { ErrorCategory } from '../models/errors.ts';
import { addStreamKindWaits } from '../models/rate-limit-waits.ts';
import type { SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';

/** One source's sync over a window; `resume` continues one that yielded part-way. */
export interface SyncSourceInput {
  source: Source;
  window: RunWindow;
  /** How many streams of the source are read at once. */
  streamConcurrency: number;
  /**
   * Whether each fetch paces the vendor's app-wide budgets within its slot's share of them
   * (1 / streamConcurrency, see createBudgetSlots): needed where fetches run in several processes
   * (Temporal ingest workers), each with its own rate limiters. The embedded run leaves it off: its
   * one process's limiters already see every request, and lend a slot's idle budget to the others.
   */
  shareBudget?: boolean;
  /**
   * When continuing a sync that yielded: its stream list, the first place in it not started (every
   * later one is unstarted too), the summary so far and, when it shares the budget, each slot's
   * pacing. Its size does not grow with the streams (100 or 100,000), only with the budget: the
   * pacing lists the request times each slot still has in the vendor's window.
   */
  resume?: { list: StreamList; next: number; summary: SourceRunSummary; pacing?: Pacing[] };
}

/**
 * A source's summary, its stream list, the first place in it left unstarted because the sync
 * yielded (the list's count when it finished) and, when it shares the budget, each slot's pacing.
 */
export interface SyncSourceResult {
  summary: SourceRunSummary;
  list: StreamList;
  next: number;
  pacing?: Pacing[];
}

/**
 * One source's sync, written once: sync the directory, then read every stream incrementally
 * (cursor → fetch → load) with bounded concurrency. A stream's own failure is counted and the
 * stream read again next run; so is a directory that could not be read (the stored one is kept,
 * the streams are read all the same). A failure that stops the source (auth, config) is thrown,
 * as is a failure to list the streams. Once `shouldYield` says so, no further stream
 * starts and the unstarted ones are returned, for a Temporal workflow to continue as new.
 * Streams pass between the activities as places in a list kept in staging (see StreamList), never
 * by their ids, which name people; the list is dropped when the sync ends.
 */
export async function syncSource(
  activities: Activities,
  input: SyncSourceInput,
  shouldYield: () => boolean = () => false,
): Promise<SyncSourceResult> {
  const { source, window } = input;
  const summary = input.resume?.summary ?? emptySourceSummary(source);
  let list = input.resume?.list;
  if (!list) {
    await readAndStoreDirectory(activities, source, window, summary);
    list = await activities.listStreams({ source });
  }
  const { list: handle, count } = list;
  const first = input.resume?.next ?? 0;
  const streams = Array.from({ length: count - first }, (_, i) => first + i);
  const ref = (index: number): StreamRef => ({ list: handle, index });
  const limit = pLimit(input.streamConcurrency);
  const slots = input.shareBudget ? createBudgetSlots(input.streamConcurrency, input.resume?.pacing) : null;
  // Streams start in order, so once one is left for later, so is every one after it.
  let next = count;
  const load = createLoadQueue(activities, source, handle, summary);
  const stopOnSourceFailure = (error: unknown) => {
    limit.clearQueue();
    load.stop(error);
    throw error;
  };
  // A stream holds its place among the concurrent reads for its fetch only: fetched, it waits for the loader.
  const read = async (stream: number) => {
    const fetched = await limit(async () => {
      if (!(await load.room())) return null;
      if (next >= count && !shouldYield()) return load.fetchThenLoad(stream, () => fetchIntoStaging(activities, source, ref(stream), window, summary, slots));
      next = Math.min(next, stream);
      return null;
    });
    if (fetched) await countLoaded(fetched, summary);
  };
  try {
    await Promise.all(streams.map((stream) => read(stream).catch(stopOnSourceFailure)));
  } catch (error) {
    await activities.endStreamList({ source, list: handle });
    throw error;
  }
  if (next === count) await activities.endStreamList({ source, list: handle });
  return { summary, list, next, ...(slots ? { pacing: slots.pacings() } : {}) };
}

/**
 * Reads the source's directory on the ingest queue (staged sealed to the store's key) and has the
 * store load it into the summary's counts. A directory that could not be read or loaded is
 * counted, the stored one kept; one the store did not load is dropped from staging, so it never
 * outlives the sync. A failure that stops the whole source is rethrown.
 */
async function readAndStoreDirectory(activities: Activities, source: Source, window: RunWindow, summary: SourceRunSummary) {
  let staged: StagedDirectory | null = null;
  try {
    staged = await activities.readDirectory({ source });
    Object.assign(summary, await activities.storeDirectory({ source, at: window.end, ...staged }));
  } catch (error) {
    if (staged) await activities.dropDirectory({ source, ...staged });
    const failure = failureOf(error);
    if (stopsSource(failure)) throw error;
    summary.directoryFailure = failure.message;
  }
}

/**
 * Reads one stream into staging, its fetch holding a budget slot when the sync shares the budget.
 * Returns what it read for the load; null when the source refused the stream (counted as skipped)
 * or the read failed (counted, the stream read again next run). A failure that stops the whole
 * source is rethrown.
 */
async function fetchIntoStaging(activities: Activities, source: Source, stream: StreamRef, window: RunWindow, summary: SourceRunSummary, slots: BudgetSlots | null) {
  try {
    const position = await activities.readCursor({ source, ...stream });
    const fetch = (budget?: BudgetShare) => activities.fetchStream({ source, ...stream, position, window, ...(budget ? { budget } : {}) });
    const batch = slots ? await fetchInSlot(slots, fetch) : await fetch();
    summary.requests += batch.requests;
    // A summary resumed from a sync that began before waits were counted has none.
    summary.rateLimitWaits = addStreamKindWaits(summary.rateLimitWaits ?? [], batch.kind, batch.rateLimitWaits);
    if (!batch.skipped) return batch;
    summary.streamsSkipped += 1;
  } catch (error) {
    countStreamFailure(summary, error);
  }
  return null;
}

/** Waits for a fetched stream's load, then counts it read (or failed, as the read's failures are). */
async function countLoaded({ fetched, loaded }: FetchedForLoad<{ events: number; quarantined: number }>, summary: SourceRunSummary) {
  try {
    await loaded;
    summary.streamsRead += 1;
    summary.eventsFetched += fetched.events;
    summary.quarantined += fetched.quarantined;
  } catch (error) {
    countStreamFailure(summary, error);
  }
}

/** Counts a stream's own failure in the summary, to be read again next run; rethrows one that stops the whole source. */
function countStreamFailure(summary: SourceRunSummary, error: unknown) {
  const failure = failureOf(error);
  if (stopsSource(failure)) throw error;
  summary.streamsFailed += 1;
  summary.lastStreamFailure = failure.message;
}

/** Most streams one load takes, and most events (as fetched) it takes unless a single stream has more. */
const loadCap = { streams: 64, events: 200_000 };

/** A stream's fetch that read something, and its load: resolves once the load holding it committed. */
interface FetchedForLoad<T> {
  fetched: T;
  loaded: Promise<void>;
}

/** The loader of one sync's fetched streams (see createLoadQueue). */
interface LoadQueue {
  /**
   * Runs the fetch of a stream (its place in the list), counted as in flight until it ends, and
   * queues what it read (the events it fetched) for a load; null when it read nothing to load.
   */
  fetchThenLoad<T extends { events: number }>(index: number, fetch: () => Promise<T | null>): Promise<FetchedForLoad<T> | null>;
  /**
   * Resolves once fewer than loadCap.streams fetched streams wait: a fetch starts only then, so
   * staging holds at most that many unloaded streams beyond the load running. False once stopped:
   * the fetch must not start.
   */
  room(): Promise<boolean>;
  /** Stops the loader after a failure that stops the source: what waits fails with it, no further load starts. */
  stop(error: unknown): void;
}

/**
 * The loader of one sync's fetched streams: one load at a time, taking every stream waiting when
 * it starts (up to loadCap), in one store transaction (see loadBatches), so a source with a stream
 * per person makes a few large loads instead of one per person. A load starts once no fetch is in
 * flight or a full load (loadCap) waits: a fetched stream waits for the fetches running beside it,
 * so a source whose fetches are slow (Jira) still loads its streams together instead of one a load
 * as they end (a load costs tens of ms of CPU however small). The wait depends on fetches ending,
 * never on a clock, so the workflow stays deterministic; a stream's cursor is saved later, with its
 * data as before. The load's new and removed events go into `summary`. A load of several streams
 * that fails is tried again one stream at a time, so a stream the store cannot load fails alone; a
 * failure that stops the source fails them all. Once stopped (see LoadQueue.stop), no load or
 * fetch starts. Streams in a load pass in list order.
 */
function createLoadQueue(activities: Activities, source: Source, list: string, summary: SourceRunSummary): LoadQueue {
  type Waiting = { index: number; events: number; loaded: () => void; failed: (error: unknown) => void };
  const waiting: Waiting[] = [];
  const waitingForRoom: ((open: boolean) => void)[] = [];
  let loading = false;
  let fetching = 0;
  let stopped: { error: unknown } | null = null;
  const takeWaiting = () => {
    let events = 0;
    let taken = 0;
    while (taken < waiting.length && taken < loadCap.streams && (taken === 0 || events + (waiting[taken]?.events ?? 0) <= loadCap.events)) {
      events += waiting[taken]?.events ?? 0;
      taken += 1;
    }
    const group = waiting.splice(0, taken);
    while (waiting.length < loadCap.streams && waitingForRoom.length > 0) waitingForRoom.shift()!(true);
    return group;
  };
  const loadGroup = async (group: readonly Waiting[]) => {
    const { inserted, removed } = await activities.loadBatches({ source, list, indices: group.map(({ index }) => index).sort((a, b) => a - b) });
    summary.eventsNew += inserted;
    summary.eventsRemoved += removed;
    for (const { loaded } of group) loaded();
  };
  // Read through a call: the loader's awaits let stop() run between its checks.
  const stopError = () => stopped?.error;
  const isStopped = () => stopped !== null;
  const loadOneUnlessStopped = (one: Waiting) => (isStopped() ? Promise.resolve(one.failed(stopError())) : loadGroup([one]).catch(one.failed));
  const fullLoadWaits = () => waiting.length >= loadCap.streams || waiting.reduce((events, one) => events + one.events, 0) >= loadCap.events;
  const loadDue = () => waiting.length > 0 && !isStopped() && (fetching === 0 || fullLoadWaits());
  const loadWaiting = async () => {
    loading = true;
    while (loadDue()) {
      const group = takeWaiting();
      try {
        await loadGroup(group);
      } catch (error) {
        if (group.length === 1 || stopsSource(failureOf(error))) {
          for (const { failed } of group) failed(error);
          continue;
        }
        for (const one of group) await loadOneUnlessStopped(one);
      }
    }
    loading = false;
  };
  const startLoadIfDue = () => {
    if (!loading && loadDue()) void loadWaiting();
  };
  return {
    fetchThenLoad: async <T extends { events: number }>(index: number, fetch: () => Promise<T | null>) => {
      fetching += 1;
      let fetched: T | null = null;
      let loaded: Promise<void> | null = null;
      try {
        fetched = await fetch();
        const events = fetched?.events ?? 0;
        // The stream joins the waiting ones as its fetch stops counting, so no load starts without it.
        if (fetched) loaded = stopped ? Promise.reject(stopError()) : new Promise<void>((resolve, reject) => waiting.push({ index, events, loaded: resolve, failed: reject }));
      } finally {
        fetching -= 1;
        startLoadIfDue();
      }
      return fetched && loaded ? { fetched, loaded } : null;
    },
    room: () => (stopped ? Promise.resolve(false) : waiting.length < loadCap.streams ? Promise.resolve(true) : new Promise<boolean>((resolve) => waitingForRoom.push(resolve))),
    stop: (error) => {
      if (stopped) return;
      stopped = { error };
      for (const { failed } of waiting.splice(0)) failed(error);
      for (const resolve of waitingForRoom.splice(0)) resolve(false);
    },
  };
}

/** Runs a fetch in a free budget slot and gives the slot back with the pacing the fetch left (none when it failed). */
async function fetchInSlot<T extends { pacing?: Pacing }>(slots: BudgetSlots, fetch: (budget: BudgetShare) => Promise<T>): Promise<T> {
  const { slot, budget } = slots.take();
  let fetched: T | undefined;
  try {
    fetched = await fetch(budget);
    return fetched;
  } finally {
    slots.give(slot, fetched?.pacing);
  }
}

/** The slots of a sync's vendor budget: a running fetch holds one, and gives it back with the pacing it leaves. */
interface BudgetSlots {
  /** A free slot and the budget share that goes with it; there is one as long as no more fetches run than there are slots. */
  take(): { slot: number; budget: BudgetShare };
  /**
   * Frees `slot`; `pacing` is where its next fetch starts. None when the fetch failed: the slot's
   * last known pacing stays, and its next fetch is unsettled (see BudgetShare), since the failed
   * one may have sent requests that pacing does not show.
   */
  give(slot: number, pacing: Pacing | undefined): void;
  /** Every slot's pacing, for a sync continuing as new. */
  pacings(): Pacing[];
}

/**
 * The vendor's app-wide budgets split into `count` equal shares, one per fetch a sync runs at
 * once, so the fetches in flight never hold more than the whole budget, in however many
 * processes they run. Each slot's pacing passes from one of its fetches to the next, so the
 * sliding window a slot keeps to spans its fetches; a pause the server asked of one fetch (a
 * learned limit) is handed to every fetch started after it. `carried` continues a sync's slots.
 * A slot keeps to its share as long as its budget allows at least one request a window per slot
 * (see the README on stream concurrency).
 */
function createBudgetSlots(count: number, carried: readonly Pacing[] = []): BudgetSlots {
  const pacings: Pacing[] = Array.from({ length: count }, (_, slot) => carried[slot] ?? {});
  const unsettled = new Set<number>();
  const free = pacings.map((_, slot) => slot);
  return {
    take() {
      const slot = free.shift();
      if (slot === undefined) throw new Error(`more than ${count} fetches at once: each needs a budget slot`);
      const pacing = withLearnedPauses(pacings[slot] as Pacing, pacings);
      return { slot, budget: { share: 1 / count, pacing, ...(unsettled.has(slot) ? { unsettled: true } : {}) } };
    },
    give(slot, pacing) {
      if (pacing) {
        pacings[slot] = pacing;
        unsettled.delete(slot);
      } else unsettled.add(slot);
      free.push(slot);
    },
    pacings: () => pacings,
  };
}

/** `pacing` with every key's server pause stretched to the longest any of `others` knows of. */
function withLearnedPauses(pacing: Pacing, others: readonly Pacing[]): Pacing {
  // Copied by hand: the workflow sandbox need not offer structuredClone.
  const merged: Pacing = Object.fromEntries(Object.entries(pacing).map(([key, state]) => [key, { ...state, leaving: [...state.leaving] }]));
  for (const other of others) {
    for (const [key, state] of Object.entries(other)) {
      const own = (merged[key] ??= { due: 0, pausedUntil: 0, leaving: [] });
      own.pausedUntil = Math.max(own.pausedUntil, state.pausedUntil);
    }
  }
  return merged;
}

/** A source's summary before anything was done: status ok, every count zero. */
export function emptySourceSummary(source: Source): SourceRunSummary {
  return {
    source,
    status: 'ok',
    failure: null,
    people: 0,
    unresolved: 0,
    excluded: 0,
    unknownTimeZones: 0,
    teams: 0,
    streamsRead: 0,
    streamsSkipped: 0,
    streamsFailed: 0,
    eventsFetched: 0,
    eventsNew: 0,
    eventsRemoved: 0,
    quarantined: 0,
    requests: 0,
    rateLimitWaits: [],
    lastStreamFailure: null,
    directoryFailure: null,
    peopleIncomplete: 0,
  };
}

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
