import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportCommand } from '../../cli/report-command.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { adversaryWorld } from '../privacy/adversary-world.ts';
import { releaseWorld, type WorldWeek } from '../privacy/release-world.ts';
import { pseudonymOf } from '../transforms/activity-fixtures.ts';

/** Team ids of the world as directories make them, so two teams can share a name from different sources. */
const renamedIds: Record<string, string> = { B1: 'slack:S01', C: 'google:/Engineering', A2: 'slack:S02' };
const idOf = (team: string) => renamedIds[team] ?? team;

/** A released analytics store (four weeks, nested teams, segments, suppressed cells) and the report written from it. */
export interface ReleasedReport {
  dataDir: string;
  reportPath: string;
  html: string;
  /** Every person's pseudonym in the world (none may appear in the report). */
  pseudonyms: string[];
}

/**
 * Releases the adversary world (tests/privacy) week by week, with two teams from two sources both
 * named "Engineering" and one named with HTML in it, then runs `attune report` on its data directory.
 */
export async function releasedReport(): Promise<ReleasedReport> {
  const world: WorldWeek[] = adversaryWorld().map((w) => ({
    ...w,
    teams: w.teams.map((t) => ({ team: idOf(t.team), parent: t.parent === null ? null : idOf(t.parent) })),
    members: w.members.map((m) => ({ ...m, team: idOf(m.team) })),
  }));
  const overrides = {
    teams: [
      { team: 'slack:S01', name: 'Engineering', parent: 'B' },
      { team: 'google:/Engineering', name: 'Engineering', parent: 'org' },
      { team: 'slack:S02', name: '<b>R&D</b> "team"', parent: 'A' },
    ],
    people: [],
  };
  const { dataDir } = await releaseWorld(world, releasePolicy(), { overrides });
  const reportPath = join(tempDir('report'), 'report.html');
  const code = await reportCommand(dataDir, ['--out', reportPath], () => {});
  if (code !== 0) throw new Error(`attune report exited ${code}`);
  const people = new Set(world.flatMap((w) => [...w.members.map((m) => m.person), ...Object.keys(w.values)]));
  return { dataDir, reportPath, html: readFileSync(reportPath, 'utf8'), pseudonyms: [...people].map(pseudonymOf) };
}
