import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNudgeRulesFile } from '../../cli/nudge-settings.ts';
import { NudgeRuleSettings } from '../../models/nudge.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { planNudgesStatement } from '../../transforms/nudges/nudge-outbox.ts';
import { nudgeRuleQuery } from '../../transforms/nudges/nudge-rule-query.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const person = (n: number) => n.toString(16).padStart(32, '0');
const weeks = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16'];
const evaluated = '2026-03-09';

/** One person-week as the rules see it: weekly values, and the usual (median, MAD) of the 8 weeks before. */
interface WeekRow {
  offHours?: number;
  longDays?: number;
  longChains?: number;
  focus?: number;
  collaborators?: number;
  workingDays?: number;
}

describe('nudge rules over a person week and their own usual', () => {
  let store: PrivateStore;
  beforeEach(async () => {
    store = await openPrivateStore(tempDir('nudge-rules'));
  });
  afterEach(() => store.close());

  /** Inserts a person's history: one row per week (oldest first, ending with week `last`), baselines computed from the weeks before. */
  async function history(who: string, rows: WeekRow[], last = evaluated) {
    const full = rows.map((r) => ({ offHours: 60, longDays: 0, longChains: 0, focus: 1200, collaborators: 10, workingDays: 5, ...r }));
    const start = weeks.indexOf(last) + 1 - full.length;
    for (const [i, r] of full.entries()) {
      const week = weeks[start + i] ?? '';
      const before = full.slice(Math.max(0, i - 8), i);
      const median = (values: number[]): number | null => {
        const s = [...values].sort((a, b) => a - b);
        return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
      };
      const mad = (values: number[]): number | null => {
        const m = median(values);
        return m === null ? null : median(values.map((v) => Math.abs(v - m)));
      };
      const usual = (pick: (w: (typeof full)[number]) => number): [number | null, number | null] => [median(before.map(pick)), mad(before.map(pick))];
      const [ohM, ohD] = usual((w) => w.offHours);
      const [ldM, ldD] = usual((w) => w.longDays);
      const [lcM, lcD] = usual((w) => w.longChains);
      const [fM, fD] = usual((w) => w.focus);
      const [cM, cD] = usual((w) => w.collaborators);
      await store.run([
        {
          sql: `INSERT INTO person_week_features VALUES ($p, $w::DATE, 5, 40, $oh, 0, 600, $c)`,
          params: { p: who, w: week, oh: r.offHours, c: r.collaborators },
        },
        {
          sql: `INSERT INTO person_week_wellbeing (person, week_start, working_days_active, out_of_office_days, off_hours_minutes, long_days,
              meeting_count, meeting_minutes, back_to_back_minutes, long_chains, double_booked_minutes, large_meeting_count, large_meeting_minutes,
              long_meeting_count, long_meeting_minutes, focus_minutes, collaborators_28d, network_size, issue_transitions,
              after_hours_issue_transitions, worklog_minutes, after_hours_worklog_minutes, replies_timed)
            VALUES ($p, $w::DATE, $wd, 0, $oh, $ld, 10, 600, 200, $lc, 0, 0, 0, 0, 0, $f, 20, 12, 0, 0, 0, 0, 0)`,
          params: { p: who, w: week, wd: r.workingDays, oh: r.offHours, ld: r.longDays, lc: r.longChains, f: r.focus },
        },
        {
          sql: `INSERT INTO person_week_baselines VALUES ($p, $w::DATE, $n, $ohM, $ohD, $ohM, $ohD, $ldM, $ldD, $lcM, $lcD, $fM, $fD, $cM, $cD)`,
          params: { p: who, w: week, n: before.length, ohM, ohD, ldM, ldD, lcM, lcD, fM, fD, cM, cD },
        },
      ]);
    }
  }

  const fired = async (settings = NudgeRuleSettings.parse({})) =>
    (await store.select(nudgeRuleQuery(settings, evaluated))).map((r) => `${String(r.person).slice(-2)}:${String(r.rule)}`).sort();

  const usualWeeks = (n: number, row: WeekRow = {}) => Array.from({ length: n }, (_, i) => ({ offHours: 50 + (i % 3) * 10, ...row }));

  it('after-hours load: more than 3 h and 50 % over the usual two weeks running, not once, not for someone always there', async () => {
    await history(person(1), [...usualWeeks(6), { offHours: 300 }, { offHours: 420 }]);
    await history(person(2), [...usualWeeks(7), { offHours: 420 }]);
    await history(person(3), [...usualWeeks(6, { offHours: 260 }), { offHours: 280 }, { offHours: 300 }]);
    expect(await fired()).toEqual(['01:after_hours_load']);
  });

  it('isolation: collaborators down 40 % or more against the usual, two weeks running', async () => {
    await history(person(4), [...usualWeeks(6, { collaborators: 12 }), { collaborators: 5 }, { collaborators: 3 }]);
    await history(person(5), [...usualWeeks(6, { collaborators: 12 }), { collaborators: 11 }, { collaborators: 3 }]);
    await history(person(6), [...usualWeeks(6, { collaborators: 3 }), { collaborators: 1 }, { collaborators: 1 }]);
    expect(await fired()).toEqual(['04:shrinking_network']);
  });

  it('long days, back-to-back chains and low focus compare the week with the usual', async () => {
    await history(person(7), [...usualWeeks(5, { longDays: 1 }), { longDays: 3 }, { longDays: 4 }, { longDays: 4 }]);
    // Two weeks of long days are not yet a pattern: one late message makes a long day.
    await history(person(13), [...usualWeeks(6, { longDays: 1 }), { longDays: 4 }, { longDays: 5 }]);
    await history(person(8), [...usualWeeks(7, { longChains: 0 }), { longChains: 4 }]);
    await history(person(9), [...usualWeeks(7, { focus: 1500 }), { focus: 420 }]);
    // Always few focus hours, always many chains: that is their usual, not news.
    await history(person(10), [...usualWeeks(7, { focus: 300, longChains: 4 }), { focus: 280, longChains: 4 }]);
    // A week mostly away is not a low-focus week.
    await history(person(11), [...usualWeeks(7, { focus: 1500 }), { focus: 120, workingDays: 2 }]);
    expect(await fired()).toEqual(['07:long_days', '08:back_to_back', '09:low_focus']);
  });

  it('stays quiet until the person has enough usual weeks', async () => {
    await history(person(12), [{ offHours: 50 }, { offHours: 400 }, { offHours: 500 }]);
    expect(await fired()).toEqual([]);
    expect(await fired(NudgeRuleSettings.parse({ min_baseline_weeks: 1, unusual_mads: 0 }))).toEqual(['0c:after_hours_load']);
  });

  it('follows the admin settings: a rule switched off, a threshold moved', async () => {
    await history(person(1), [...usualWeeks(6), { offHours: 300 }, { offHours: 420 }]);
    await history(person(9), [...usualWeeks(7, { focus: 1500 }), { focus: 700 }]);
    expect(await fired()).toEqual(['01:after_hours_load']);
    expect(await fired(NudgeRuleSettings.parse({ after_hours_load: { enabled: false }, low_focus: { weekly_minutes: 800 } }))).toEqual(['09:low_focus']);
    expect(await fired(NudgeRuleSettings.parse({ after_hours_load: { weekly_minutes: 350 } }))).toEqual([]);
  });

  it('plans one nudge per rule per person per week, none within 7 days of the last one sent, none for stopped or snoozed people', async () => {
    await history(person(1), [...usualWeeks(6), { offHours: 300 }, { offHours: 420 }, { offHours: 480 }], '2026-03-16');
    await history(person(4), [...usualWeeks(6, { collaborators: 12 }), { collaborators: 5 }, { collaborators: 3 }, { collaborators: 2 }], '2026-03-16');
    const settings = NudgeRuleSettings.parse({});
    const plan = async (week: string, at: string) => (await store.select(planNudgesStatement(settings, week, at))).map((r) => String(r.rule)).sort();
    expect(await plan(evaluated, '2026-03-16T05:00:00Z')).toEqual(['after_hours_load', 'shrinking_network']);
    // The same week again: nothing new.
    expect(await plan(evaluated, '2026-03-17T05:00:00Z')).toEqual([]);
    // Both sent on the 16th: the next week's evaluation within 7 days plans nothing.
    await store.run([{ sql: "UPDATE nudge_outbox SET status = 'sent', sent_at = '2026-03-16T10:00:00Z'" }]);
    expect(await plan('2026-03-16', '2026-03-21T05:00:00Z')).toEqual([]);
    // A week later it would; but the isolated person has stopped nudges and only the other is planned.
    await store.run([{ sql: 'INSERT INTO nudge_preferences VALUES ($p, true, NULL)', params: { p: person(4) } }]);
    expect(await plan('2026-03-16', '2026-03-24T05:00:00Z')).toEqual(['after_hours_load']);
    // Snoozed past the evaluation: nothing either.
    await store.run([{ sql: 'DELETE FROM nudge_outbox' }, { sql: 'UPDATE nudge_preferences SET stopped = false, snoozed_until = $u::TIMESTAMPTZ', params: { u: '2026-04-01T00:00:00Z' } }]);
    expect(await plan('2026-03-16', '2026-03-24T05:00:00Z')).toEqual(['after_hours_load']);
  });
});

describe('the nudge rules file', () => {
  const file = (text: string) => {
    const path = join(tempDir('nudge-rules-file'), 'rules.yaml');
    writeFileSync(path, text);
    return path;
  };

  it('reads switches and thresholds over the defaults', async () => {
    const rules = await readNudgeRulesFile(file('long_days:\n  enabled: false\nlow_focus:\n  weekly_minutes: 480\n'));
    expect(rules.long_days.enabled).toBe(false);
    expect(rules.low_focus.weekly_minutes).toBe(480);
    expect(rules.after_hours_load).toEqual(NudgeRuleSettings.parse({}).after_hours_load);
  });

  it('stops on a bad file naming the line and the problem, never echoing values', async () => {
    await expect(readNudgeRulesFile(file('min_baseline_weeks: 3\nlong_days:\n  enabled: true\n  days: 12\n'))).rejects.toThrow(/line 4: long_days\.days: .*<=7/);
    await expect(readNudgeRulesFile(file('low_focus:\n  weekly_minutez: 500\n'))).rejects.toThrow(/line 2: low_focus\.weekly_minutez/);
    await expect(readNudgeRulesFile(file('after_hours_load: [1,\n  weeks: 2\n'))).rejects.toThrow(/line \d+: not valid YAML/);
    await expect(readNudgeRulesFile(join(tempDir('nudge-rules-file'), 'missing.yaml'))).rejects.toThrow(/ATTUNE_NUDGE_RULES: can't read/);
  });
});
