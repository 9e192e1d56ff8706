import type { Random } from './random.ts';

/** The marker every simulated content field carries; finding it anywhere past a connector means content leaked. */
export const CANARY = 'ATTUNE-CANARY';

const OPENERS = ['Quick note on', 'Draft for', 'Following up on', 'Numbers for', 'Question about', 'Notes from', 'Heads-up about', 'Review of'];
const SUBJECTS = [
  'the quarterly roadmap', 'the salary bands', 'the customer escalation', 'the migration plan', 'the offsite agenda',
  'the hiring pipeline', 'the incident timeline', 'the budget forecast', 'the launch checklist', 'the contract renewal',
  'the onboarding doc', 'the security review', 'my medical appointment', 'the performance review', 'the vendor invoice',
];
const CLOSERS = ['see thread', 'thoughts?', 'due Friday', 'please keep this confidential', 'details in the doc', 'call me after lunch', ''];

/**
 * Content-looking text that always contains the canary, e.g.
 * "ATTUNE-CANARY Draft for the budget forecast, due Friday (Mira Oakhurst)".
 * `signature` (for instance the author's real name) is appended when given.
 */
export function canaryText(random: Random, signature?: string): string {
  const closer = random.pick(CLOSERS);
  const body = `${random.pick(OPENERS)} ${random.pick(SUBJECTS)}${closer ? `, ${closer}` : ''}`;
  return `${CANARY} ${body}${signature ? ` (${signature})` : ''}`;
}
