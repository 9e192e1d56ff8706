import { canaryText } from '../canary.ts';
import { localTime } from '../local-time.ts';
import type { InteractionPolicy } from '../organisation/interaction-policy.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { planPersonDay } from '../organisation/plan-person-day.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import type { Random } from '../random.ts';
import type { JiraDirectory } from './jira-directory.ts';
import type { JiraSimProject } from './jira-project.ts';
import type { JiraSimChange, JiraSimIssue } from './jira-sim-issue.ts';
import { JIRA_STATUSES } from './jira-statuses.ts';

/** Share of a person's activity instants (planPersonDay) that are Jira actions. */
const JIRA_SHARE = 0.3;
const MINUTE_MS = 60_000;

/** An instant at which someone acts on Jira. */
interface Slot {
  at: number;
  accountId: string;
  /** The simulated person, or null for former staff. */
  person: SimPerson | null;
  project: JiraSimProject;
}

/** The simulation's running view of an issue. */
interface Live {
  issue: JiraSimIssue;
  status: string;
  assignee: string | null;
  summary: string;
  description: string;
}

/** What the generator needs besides the organisation. */
export interface JiraIssueContext {
  directory: JiraDirectory;
  projects: readonly JiraSimProject[];
  policy: InteractionPolicy;
}

/**
 * Generates every issue of the simulated site with its changelog, worklogs and comments. People of
 * leaf teams act in their team's project at a share of the instants planPersonDay gives them (so
 * planted after-hours people work in their evenings): they create issues, move their own through
 * To Do → In Progress → (In Review →) Done, log work, comment on teammates' issues, edit summaries
 * and descriptions, and reassign. Whom they assign or comment to obeys the interaction policy.
 * Automation for Jira closes some reviewed issues and comments on done ones; two former staff act
 * early in the period. Actions are replayed in time order, each from its own random stream.
 */
export function generateJiraIssues(org: Organisation, random: Random, context: JiraIssueContext): JiraSimIssue[] {
  const { directory, projects, policy } = context;
  const projectOfTeam = new Map(projects.map((p) => [p.teamId, p]));
  const personOfAccount = new Map(org.people.map((p) => [directory.accountIdByPerson.get(p.id) as string, p]));
  const accountOf = (person: SimPerson) => directory.accountIdByPerson.get(person.id) as string;
  const nameOf = new Map(org.people.map((p) => [p.id, `${p.givenName} ${p.familyName}`]));

  const slots = planSlots(org, random, directory, projectOfTeam, projects);
  const issues: JiraSimIssue[] = [];
  const open = new Map<string, Live[]>(projects.map((p) => [p.key, []]));
  const sequence = new Map<string, number>();
  let historyId = 100_000;
  let worklogId = 200_000;
  let commentId = 300_000;

  const teammates = (project: JiraSimProject, actor: string, at: number): string[] => {
    const person = personOfAccount.get(actor);
    return org.people
      .filter((q) => q.teamId === project.teamId && q.id !== person?.id && (!person || policy.allowed(person.id, q.id, at)))
      .map(accountOf);
  };
  const canAddress = (actor: string, other: string | null, at: number): boolean => {
    const a = personOfAccount.get(actor);
    const b = other === null ? undefined : personOfAccount.get(other);
    return !a || !b || policy.allowed(a.id, b.id, at);
  };
  const text = (r: Random, actor: string): string => {
    const person = personOfAccount.get(actor);
    return canaryText(r, person && r.chance(0.2) ? nameOf.get(person.id) : undefined);
  };
  const history = (live: Live, at: number, authorId: string, items: JiraSimChange[]): void => {
    live.issue.histories.push({ id: String(historyId++), at, authorId, items });
  };
  const comment = (live: Live, at: number, authorId: string, body: string): void => {
    live.issue.comments.push({ id: String(commentId++), authorId, created: at, body });
  };
  const setStatus = (live: Live, at: number, authorId: string, to: string, extra: JiraSimChange[] = []): void => {
    history(live, at, authorId, [{ field: 'status', from: live.status, to }, ...extra]);
    live.status = to;
  };

  const create = (r: Random, slot: Slot): void => {
    const n = (sequence.get(slot.project.key) ?? 0) + 1;
    sequence.set(slot.project.key, n);
    const mates = teammates(slot.project, slot.accountId, slot.at);
    const roll = r.next();
    const assignee = roll < 0.1 || (slot.person === null && mates.length === 0) ? null : roll < 0.65 || mates.length === 0 ? slot.accountId : r.pick(mates);
    const summary = text(r, slot.accountId);
    const description = canaryText(r);
    const issue: JiraSimIssue = {
      id: String(10_000 + issues.length),
      key: `${slot.project.key}-${n}`,
      projectKey: slot.project.key,
      created: slot.at,
      reporterId: slot.accountId,
      initial: { assigneeId: assignee, statusId: JIRA_STATUSES.todo.id, summary, description },
      histories: [],
      worklogs: [],
      comments: [],
    };
    issues.push(issue);
    open.get(slot.project.key)?.push({ issue, status: JIRA_STATUSES.todo.id, assignee, summary, description });
  };

  const transition = (r: Random, slot: Slot, live: Live): void => {
    const { todo, inProgress, inReview, done } = JIRA_STATUSES;
    const { at, accountId } = slot;
    if (live.status === todo.id) setStatus(live, at, accountId, inProgress.id);
    else if (live.status === inProgress.id && r.chance(0.5)) {
      const reviewer = r.chance(0.6) ? teammates(slot.project, accountId, at)[0] : undefined;
      setStatus(live, at, accountId, inReview.id, reviewer ? [{ field: 'assignee', from: live.assignee, to: reviewer }] : []);
      if (reviewer) live.assignee = reviewer;
      if (r.chance(0.15)) setStatus(live, at + 1, directory.automationId, done.id);
    } else if (live.status === inReview.id && r.chance(0.2)) setStatus(live, at, accountId, inProgress.id);
    else setStatus(live, at, accountId, done.id);
    if (r.chance(0.1)) comment(live, at, accountId, text(r, accountId));
    if (live.status === done.id && r.chance(0.2)) comment(live, at + 2_000, directory.automationId, canaryText(r));
  };

  const act = (r: Random, slot: Slot): void => {
    const list = (open.get(slot.project.key) ?? []).filter((l) => l.status !== JIRA_STATUSES.done.id);
    open.set(slot.project.key, list);
    const mine = list.filter((l) => l.assignee === slot.accountId);
    const roll = r.next();
    if (slot.person === null) {
      if (roll < 0.5 || list.length === 0) create(r, slot);
      else comment(r.pick(list), slot.at, slot.accountId, text(r, slot.accountId));
      return;
    }
    if (mine.length === 0 || roll < 0.12) return create(r, slot);
    const own = r.pick(mine);
    if (roll < 0.45) return transition(r, slot, own);
    if (roll < 0.68) {
      const seconds = r.int(1, 16) * 15 * 60;
      own.issue.worklogs.push({
        id: String(worklogId++),
        authorId: slot.accountId,
        started: slot.at - seconds * 1000 - r.int(0, 30) * MINUTE_MS,
        seconds,
        created: slot.at,
        comment: r.chance(0.6) ? text(r, slot.accountId) : null,
      });
      return;
    }
    if (roll < 0.86) {
      const others = list.filter((l) => l.assignee !== null && l.assignee !== slot.accountId && canAddress(slot.accountId, l.assignee, slot.at));
      return comment(others.length > 0 ? r.pick(others) : own, slot.at, slot.accountId, text(r, slot.accountId));
    }
    if (roll < 0.93) {
      const field = r.chance(0.5) ? 'summary' : 'description';
      const to = field === 'summary' ? text(r, slot.accountId) : canaryText(r);
      history(own, slot.at, slot.accountId, [{ field, from: own[field], to }]);
      own[field] = to;
      return;
    }
    const mates = teammates(slot.project, slot.accountId, slot.at);
    const to = r.chance(0.15) || mates.length === 0 ? null : r.pick(mates);
    history(own, slot.at, slot.accountId, [{ field: 'assignee', from: own.assignee, to }]);
    own.assignee = to;
  };

  for (const slot of slots) act(random.fork(`slot:${slot.accountId}:${slot.at}`), slot);
  for (const issue of issues) {
    issue.histories.sort((a, b) => a.at - b.at);
    issue.comments.sort((a, b) => a.created - b.created);
  }
  return issues;
}

/** Every Jira action instant of the period, in time order: people of leaf teams by their day plans, former staff early on. */
function planSlots(
  org: Organisation,
  random: Random,
  directory: JiraDirectory,
  projectOfTeam: ReadonlyMap<string, JiraSimProject>,
  projects: readonly JiraSimProject[],
): Slot[] {
  const start = org.period.start.getTime();
  const slots: Slot[] = [];
  for (const person of org.people) {
    const project = projectOfTeam.get(person.teamId);
    if (!project) continue;
    const accountId = directory.accountIdByPerson.get(person.id) as string;
    const last = localTime.iso(localTime.fromUtc(person.timeZone, org.period.end.getTime() - 1).date);
    for (let date = localTime.fromUtc(person.timeZone, start).date; localTime.iso(date) <= last; date = localTime.addDays(date, 1)) {
      const r = random.fork(`jira-day:${person.id}:${localTime.iso(date)}`);
      for (const at of planPersonDay(org, person, date)) if (r.chance(JIRA_SHARE)) slots.push({ at, accountId, person, project });
    }
  }
  for (const accountId of directory.formerIds) {
    const r = random.fork(`former:${accountId}`);
    for (let k = 0; k < 4 && projects.length > 0; k++) slots.push({ at: start + r.int(0, 4 * 86_400_000), accountId, person: null, project: r.pick(projects) });
  }
  return slots.sort((a, b) => a.at - b.at || a.accountId.localeCompare(b.accountId));
}
