import { parseArgs } from 'node:util';
import { erasePeople, type ErasureCounts } from '../activities/erase-subjects.ts';
import { ConfigError } from '../models/errors.ts';
import { sweepStagingFiles } from '../store/sweep-staging-files.ts';
import { erasureKinds, erasureRequestsQuery, type ErasureKind } from '../transforms/erasure-statements.ts';
import type { eraseSubjectWorkflow } from '../workflows/temporal-workflows.ts';
import { workflowIds } from '../workflows/temporal-routing.ts';
import type { Config } from './config.ts';
import type { TemporalSession } from './connect-temporal-client.ts';
import { dataPaths } from './data-paths.ts';
import { formatTable } from './format-table.ts';
import { openKeyedStore } from './open-keyed-store.ts';
import { personOfEmail } from './person-of-email.ts';

const usage = 'attune erase --email person@example.com | attune erase --requested [--temporal]';

/** The counts of an erasure as a table, every kind listed (zeros too, so the output's shape says nothing), and the staging files swept. */
function formatErasure(counts: ErasureCounts, stagingFiles: number | null): string {
  const rows = (Object.keys(erasureKinds) as ErasureKind[]).map((kind) => [erasureKinds[kind], counts.rows[kind]]);
  const swept = stagingFiles === null ? [] : [['staging files (every one, orphaned by crashed runs)', stagingFiles]];
  return formatTable(['removed or changed', 'count'], [['people erased', counts.people], ...rows, ...swept]);
}

/**
 * `attune erase --email …` and `attune erase --requested` (for admins): erases one person, or
 * everyone who asked for it on their own page (the admin running the command confirms those
 * requests), from the private store in one transaction each (see erasePeople), deletes every
 * staging file (erase holds the store, so none belongs to a load in flight) and rewrites the
 * store's file with its live rows only, so no deleted row lingers in freed blocks.
 * Prints counts only, never a pseudonym or an address. An address attune keeps nothing about stops
 * with exit 2 and changes no row; the sweep and the compaction are done all the same, so running
 * an erasure again after a crash past its commit finishes it. With `--temporal`, `--requested` runs as eraseSubjectWorkflow
 * on the store worker (which holds the store) and prints its counts.
 */
export async function eraseCommand(
  config: Config,
  args: string[],
  out: (text: string) => void,
  connectTemporal: () => Promise<TemporalSession>,
): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, requested: { type: 'boolean', default: false }, temporal: { type: 'boolean', default: false } }, strict: true });
  if ((values.email === undefined) === !values.requested || (values.temporal && !values.requested)) throw new ConfigError(`usage: ${usage}`, 'email');
  if (values.temporal) {
    const { client, routing } = await connectTemporal();
    const handle = await client.workflow.start<typeof eraseSubjectWorkflow>('eraseSubjectWorkflow', {
      workflowId: workflowIds.erasure(new Date().toISOString()),
      taskQueue: routing.taskQueues.ingest,
      args: [{ routing }],
    });
    out(formatErasure(await handle.result(), null));
    return 0;
  }
  const pseudonymOf = values.email === undefined ? null : personOfEmail(values.email, usage);
  const { keys, store } = await openKeyedStore(config, { store: false });
  let counts: ErasureCounts;
  let stagingFiles: number;
  let done = false;
  try {
    const person = pseudonymOf?.(keys.pseudonymKey) ?? null;
    const people = person === null ? (await store.select(erasureRequestsQuery())).map((r) => String(r.person)) : [person];
    counts = await erasePeople(store, people);
    stagingFiles = await sweepStagingFiles(dataPaths(config.dataDir).stagingDir);
    done = true;
  } finally {
    // Compacted even when nobody was erased: an erasure killed after its commit left their rows in
    // the file's freed blocks (and their staged events on disk), and run again it finds nobody.
    await store.close({ compact: done });
  }
  if (pseudonymOf !== null && Object.values(counts.rows).every((n) => n === 0)) {
    throw new ConfigError(
      'attune keeps nothing about anyone with that e-mail address, so nothing was erased (the store was compacted and the staging files deleted all the same, ' +
        'which completes an erasure of theirs that was interrupted): check the address (the one their workspace account uses) and ATTUNE_DATA_DIR',
      'email',
    );
  }
  out(formatErasure(counts, stagingFiles));
  if (pseudonymOf === null && counts.people === 0) out('no erasure request was waiting\n');
  return 0;
}
