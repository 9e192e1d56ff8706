import type { NudgeRuleId } from '../models/nudge.ts';
import { snoozeDays, spokenDuration } from '../transforms/nudges/nudge-messages.ts';
import { pageWeeks } from '../transforms/personal-data.ts';
import type { SourceKind } from '../transforms/release/released-metrics.ts';
import { escapeHtml, jsonDataIsland } from './html-page-parts.ts';

/** One week of the person's own numbers and usual, as the page shows them. */
export interface PageWeek {
  week: string;
  offHours: number;
  meetings: number;
  backToBack: number;
  longChains: number;
  focus: number;
  span: number | null;
  longDays: number;
  collaborators: number;
  network: number;
  usualWeeks: number | null;
  usualOffHours: number | null;
  usualLongChains: number | null;
  usualFocus: number | null;
  usualCollaborators: number | null;
  usualLongDays: number | null;
}

/** Everything one person's page shows: their own numbers, nudges and choices only. */
export interface PersonalPageData {
  weeks: PageWeek[];
  nudges: { rule: NudgeRuleId; week: string; sentOn: string }[];
  status: { stopped: boolean; snoozedUntil: string | null; optedOut: boolean; withheld: SourceKind[]; erasureRequested: boolean };
  choices: { chosenAt: string; choice: string }[];
}

/** A page's form targets and its CSRF token. */
export interface PageForms {
  /** The page's own path (`/me/<token>`): choices post to `<path>/choices`, the download is `<path>/export`. */
  path: string;
  csrf: string;
  /** A notice to show at the top (after a change), or null. */
  notice: string | null;
}


/** The frame every page of `attune serve` shares: no inline script or style, assets from attune itself. */
function pageFrame(title: string, body: string, scripts: readonly string[] = []): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/attune.css"></head>
<body><main>${body}</main>${scripts.map((s) => `<script src="${escapeHtml(s)}"></script>`).join('')}</body></html>`;
}

/** A small page with a heading and a paragraph (refusals, confirmations). */
export function messagePage(title: string, text: string, extra = ''): string {
  return pageFrame(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${extra}`);
}

/** A confirmation form that posts back to the same link, with its CSRF token (a link scanner's GET changes nothing). */
export function confirmActionPage(action: 'snooze' | 'stop', path: string, csrf: string): string {
  const what = action === 'snooze' ? `Snooze attune's notes for ${snoozeDays} days?` : "Stop attune's notes?";
  const detail =
    action === 'snooze'
      ? `You will get no notes until ${snoozeDays} days from now. Nothing else changes.`
      : 'You will get no more notes. You can turn them on again from your own page.';
  return pageFrame(
    what,
    `<h1>${escapeHtml(what)}</h1><p>${escapeHtml(detail)}</p>
<form method="post" action="${escapeHtml(path)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<button type="submit">${action === 'snooze' ? 'Snooze' : 'Stop notes'}</button></form>`,
  );
}

const ruleNames: Record<NudgeRuleId, string> = {
  after_hours_load: 'Evenings and weekends',
  long_days: 'Long days',
  back_to_back: 'Meetings without a break',
  low_focus: 'Time to focus',
  shrinking_network: 'People you work with',
};

const sourceNames: Record<SourceKind, string> = { calendar: 'Calendar (meetings)', chat: 'Chat (Slack, Teams)', issues: 'Issues (Jira)' };

const radio = (name: string, value: string, checked: boolean, label: string) =>
  `<label><input type="radio" name="${name}" value="${value}"${checked ? ' checked' : ''}> ${escapeHtml(label)}</label>`;

const usual = (value: number | null, format: (n: number) => string) => (value === null ? '—' : format(value));

/**
 * One person's own page: their last weeks against their usual (charts drawn by
 * /assets/personal-page.js from a JSON data island, with the same numbers in a table), the
 * nudges they received, their choices with the forms to change them, the download of their data
 * and the erasure request. Explanations in plain language. Nothing about anyone else.
 */
export function personalPage(data: PersonalPageData, forms: PageForms): string {
  const weeks = [...data.weeks].reverse();
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(forms.csrf)}">`;
  const { status } = data;
  const nudgeState = status.stopped ? 'stop' : status.snoozedUntil ? 'snooze' : 'on';
  const rows = weeks
    .map(
      (w) =>
        `<tr><td>${w.week}</td><td>${spokenDuration(w.offHours)}</td><td>${usual(w.usualOffHours, spokenDuration)}</td>` +
        `<td>${spokenDuration(w.meetings)}</td><td>${w.longChains}</td><td>${spokenDuration(w.focus)}</td><td>${usual(w.usualFocus, spokenDuration)}</td>` +
        `<td>${w.span === null ? '—' : spokenDuration(w.span)}</td><td>${w.collaborators}</td><td>${usual(w.usualCollaborators, (n) => String(Math.round(n)))}</td></tr>`,
    )
    .join('');
  const nudges =
    data.nudges.length === 0
      ? '<p>attune has not sent you any note.</p>'
      : `<ul>${data.nudges.map((n) => `<li>${escapeHtml(ruleNames[n.rule])}: about the week of ${n.week}, sent ${n.sentOn}</li>`).join('')}</ul>`;
  const choices =
    data.choices.length === 0
      ? '<p>No choices recorded yet.</p>'
      : `<ul>${data.choices.map((c) => `<li>${escapeHtml(c.chosenAt)}: ${escapeHtml(c.choice)}</li>`).join('')}</ul>`;
  const body = `
<h1>Your work patterns, for your eyes only</h1>
${forms.notice ? `<p class="notice" role="status">${escapeHtml(forms.notice)}</p>` : ''}
<p>These are your own numbers from the last ${pageWeeks} weeks, worked out from when things happened in your calendar, chat and
issue tracker (never what was said or written), compared with your usual: the middle of your own previous 8 working weeks.
Nobody else can open this page: not your manager, not an administrator. Teams only ever see totals over at least 5 people.</p>
${jsonDataIsland('attune-weeks', weeks)}
<section class="charts">
<figure><canvas id="chart-off-hours" data-chart="offHours" aria-label="Time outside working hours per week"></canvas>
<figcaption>Meetings and messages outside your working hours, and on days off, per week (minutes), against your usual.</figcaption></figure>
<figure><canvas id="chart-meetings" data-chart="meetings" aria-label="Meetings per week"></canvas>
<figcaption>Minutes in meetings, and of those back to back (gaps under 10 minutes), per week.</figcaption></figure>
<figure><canvas id="chart-focus" data-chart="focus" aria-label="Focus time per week"></canvas>
<figcaption>Focus time: free blocks of 2 hours or more inside your working hours (minutes), against your usual.</figcaption></figure>
<figure><canvas id="chart-people" data-chart="people" aria-label="Collaborators per week"></canvas>
<figcaption>People you worked with each week, and your network (people with 2 or more real exchanges over 4 weeks).</figcaption></figure>
</section>
<table><caption>Your weeks in numbers</caption><thead><tr><th>Week of</th><th>Outside hours</th><th>Usual</th><th>Meetings</th>
<th>Chains of 2 h+</th><th>Focus</th><th>Usual</th><th>Day span</th><th>People</th><th>Usual</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Notes attune sent you</h2>${nudges}
<h2>Your choices</h2>
<form method="post" action="${escapeHtml(forms.path)}/choices">${csrf}
<fieldset><legend>Notes from attune</legend>
${radio('nudges', 'on', nudgeState === 'on', 'Send me notes')}
${radio('nudges', 'snooze', nudgeState === 'snooze', `Snooze for ${snoozeDays} days${status.snoozedUntil ? ` (until ${status.snoozedUntil.slice(0, 10)})` : ''}`)}
${radio('nudges', 'stop', nudgeState === 'stop', 'Stop notes')}</fieldset>
<fieldset><legend>Team totals</legend>
${radio('aggregates', 'in', !status.optedOut, 'Count me in team totals')}
${radio('aggregates', 'out', status.optedOut, 'Leave me out of every team total')}
<p>Which of your sources may count toward team totals:</p>
${(Object.keys(sourceNames) as SourceKind[])
  .map((k) => `<label><input type="checkbox" name="source" value="${k}"${status.withheld.includes(k) ? '' : ' checked'}> ${escapeHtml(sourceNames[k])}</label>`)
  .join('')}
</fieldset>
<p>Changes apply from attune's next run (notes) or next weekly release (team totals). Nobody is told what you chose.</p>
<button type="submit" name="save" value="choices">Save my choices</button></form>
<h2>Your data</h2>
<p><a href="${escapeHtml(forms.path)}/export" download>Download everything attune keeps about you</a> (JSON).</p>
${
  status.erasureRequested
    ? '<p>You asked for your data to be erased. An administrator will confirm and carry it out.</p>'
    : `<form method="post" action="${escapeHtml(forms.path)}/erasure">${csrf}
<label><input type="checkbox" name="confirm" value="yes" required> Erase everything attune keeps about me</label>
<button type="submit">Ask for erasure</button></form>`
}
<h2>What you chose, and when</h2>${choices}`;
  return pageFrame('Your attune page', body, ['/assets/chart.umd.min.js', '/assets/personal-page.js']);
}
