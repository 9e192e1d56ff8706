import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Source } from '../models/source.ts';
import type { StagedPart } from './fetch-stream.ts';

/**
 * A source's streams as listed for one sync, kept in the staging folder (shared by the ingest and
 * store workers): workflow history carries only this handle and the count, never a stream's id,
 * which names a person for calendars and chats (`calendar:<pseudonym>`).
 */
export interface StreamList {
  /** Random, derived from nothing: names the list's folder in staging. */
  list: string;
  count: number;
}

/** One stream of a listed sync, by its place in the list. */
export interface StreamRef {
  list: string;
  index: number;
}

const folderOf = (stagingDir: string, source: Source, list: string): string => {
  if (!/^[0-9a-f]{32}$/.test(list)) throw new Error(`not a stream list handle: ${list}`);
  return join(stagingDir, source, `streams-${list}`);
};

/** The lists read lately, by folder: every stream of a sync looks its id up, and a list of 100,000 streams is read once. */
const recentLists = new Map<string, Promise<string[]>>();
const recentListsKept = 8;

/** Keeps `streams` in a new list of the staging folder and returns its handle. */
export async function writeStreamList(stagingDir: string, source: Source, streams: string[]): Promise<StreamList> {
  const list = randomBytes(16).toString('hex');
  const folder = folderOf(stagingDir, source, list);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(join(folder, 'streams.json'), JSON.stringify(streams), { mode: 0o600 });
  return { list, count: streams.length };
}

/** The id of the stream `ref` points at; a list that is gone (dropped, or swept after a crash) is an error saying so. */
export async function streamOf(stagingDir: string, source: Source, ref: StreamRef): Promise<string> {
  const path = join(folderOf(stagingDir, source, ref.list), 'streams.json');
  let streams = recentLists.get(path);
  if (!streams) {
    streams = readFile(path, 'utf8').then((text) => JSON.parse(text) as string[]);
    streams.catch(() => recentLists.delete(path));
    recentLists.set(path, streams);
    for (const old of [...recentLists.keys()].slice(0, -recentListsKept)) recentLists.delete(old);
  }
  const stream = (await streams)[ref.index];
  if (stream === undefined) throw new Error(`stream ${ref.index} is not in the ${source} stream list ${ref.list}`);
  return stream;
}

/**
 * Where a fetch stages a part its connector handed over mid-read (see fetchStream): in the list's folder, under a
 * name of the fetch attempt's own, so an attempt still running after its retry began never overwrites the retry's
 * files, and what a failed attempt left goes with the list.
 */
export function handedOverPartPath(stagingDir: string, source: Source, ref: StreamRef, name: string): string {
  return join(folderOf(stagingDir, source, ref.list), `${ref.index}-${name}.parquet`);
}

const partsPath = (stagingDir: string, source: Source, ref: StreamRef) => join(folderOf(stagingDir, source, ref.list), `${ref.index}.parts.json`);

/** Keeps the staged parts of one stream's read beside its list, for the load (they hold source event ids and positions). */
export async function writeStagedParts(stagingDir: string, source: Source, ref: StreamRef, parts: StagedPart[]): Promise<void> {
  await writeFile(partsPath(stagingDir, source, ref), JSON.stringify(parts), { mode: 0o600 });
}

/** The staged parts of one stream's read, as writeStagedParts kept them. */
export async function readStagedParts(stagingDir: string, source: Source, ref: StreamRef): Promise<StagedPart[]> {
  return JSON.parse(await readFile(partsPath(stagingDir, source, ref), 'utf8')) as StagedPart[];
}

/** Removes one stream's staged parts once loaded. */
export async function dropStagedParts(stagingDir: string, source: Source, ref: StreamRef): Promise<void> {
  await rm(partsPath(stagingDir, source, ref), { force: true });
}

/** Removes a list and whatever is left beside it, once its sync has ended. */
export async function dropStreamList(stagingDir: string, source: Source, list: string): Promise<void> {
  const folder = folderOf(stagingDir, source, list);
  recentLists.delete(join(folder, 'streams.json'));
  await rm(folder, { recursive: true, force: true });
}
