import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { normaliseEmail } from '../models/normalise-email.ts';
import { generateOrganisation } from '../simulator/organisation/generate-organisation.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';

const secretHex = 'bfdbbe1719315bd8bd426ee41f56a3aa5413f3a6e13de5144fd21c8cd3a1d603';
const runAt = '2026-11-25T12:00:00.000Z';

/** Runs `attune run` on the simulated workspace of one seed, into a fresh data directory; resolves with that directory. */
function runDemo(seed: number, people: number, weeks: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), `attune-bench-nudges-${seed}-`));
  const bin = fileURLToPath(new URL('../cli/attune.js', import.meta.url));
  const env = {
    PATH: process.env.PATH ?? '',
    ATTUNE_DATA_DIR: dataDir,
    ATTUNE_PSEUDONYM_KEY: secretHex,
    ATTUNE_RUN_AT: runAt,
    ATTUNE_BACKFILL_DAYS: String(weeks * 7 + 7),
    ATTUNE_DEMO_PEOPLE: String(people),
    ATTUNE_DEMO_WEEKS: String(weeks),
    ATTUNE_DEMO_SEED: String(seed),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'run'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => (code === 0 ? resolve(dataDir) : reject(new Error(`attune run (seed ${seed}) exited ${code}: ${stderr.slice(-500)}`))));
  });
}

/** The people the outbox holds a nudge for, by rule, read straight from the private store. */
async function nudgedPeople(dataDir: string): Promise<{ person: string; rule: string }[]> {
  const instance = await DuckDBInstance.create(join(dataDir, 'attune.duckdb'), { access_mode: 'READ_ONLY', memory_limit: '1GB', threads: '2' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll('SELECT DISTINCT person, rule FROM nudge_outbox')).getRowObjectsJson() as { person: string; rule: string }[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The nudge benchmark: for each seed, a whole `attune run` of the simulated workspace (`people`
 * people, `weeks` weeks, so the last weeks have full baselines), then the people nudged compared
 * with the ground truth the simulator planted (after-hours overload, shrinking network). Prints per
 * seed and overall: recall (planted people nudged) and false alarms (share of the other people
 * nudged). Goals: recall ≥ 0.9, false alarms ≤ 5 %.
 */
export async function runNudgesBenchmark({ seeds, people, weeks }: { seeds: number; people: number; weeks: number }): Promise<void> {
  const pseudonymize = createPseudonymizer(deriveInstallationKeys(Buffer.from(secretHex, 'hex')).pseudonymKey);
  let planted = 0;
  let found = 0;
  let others = 0;
  let alarms = 0;
  console.log(`nudges: ${seeds} seeds × ${people} people × ${weeks} weeks, run at ${runAt}`);
  for (let seed = 1; seed <= seeds; seed++) {
    const started = performance.now();
    const organisation = generateOrganisation({ seed, people, weeks, end: new Date(runAt) });
    const truth = new Set([...organisation.groundTruth.afterHoursOverload, ...organisation.groundTruth.shrinkingNetwork].map((e) => pseudonymize('person', normaliseEmail(e))));
    const everyone = new Set(organisation.people.map((p) => pseudonymize('person', normaliseEmail(p.email))));
    const nudges = await nudgedPeople(await runDemo(seed, people, weeks));
    const nudged = new Set(nudges.map((n) => n.person).filter((p) => everyone.has(p)));
    const hits = [...truth].filter((p) => nudged.has(p)).length;
    const falseAlarms = [...nudged].filter((p) => !truth.has(p)).length;
    const perRule = new Map<string, number>();
    for (const n of nudges) if (!truth.has(n.person)) perRule.set(n.rule, (perRule.get(n.rule) ?? 0) + 1);
    const byRule = [...perRule].map(([rule, count]) => `${rule} ${count}`);
    planted += truth.size;
    found += hits;
    others += everyone.size - truth.size;
    alarms += falseAlarms;
    console.log(
      `  seed ${seed}: recall ${hits}/${truth.size}, false alarms ${falseAlarms}/${everyone.size - truth.size} ` +
        `(${byRule.join(', ') || 'none'}), ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  const recall = found / planted;
  const falseShare = alarms / others;
  console.log(`  overall: recall ${recall.toFixed(2)} (goal ≥ 0.90), false alarms ${(100 * falseShare).toFixed(1)} % of unplanted people (goal ≤ 5 %)`);
}
