import { describe, expect, it } from 'vitest';
import { NudgeRuleId } from '../../models/nudge.ts';
import { nudgeActionIds, renderNudge, spokenDuration } from '../../transforms/nudges/nudge-messages.ts';

const controls = { nudgeKey: 'k-123', snoozeUrl: 'https://a.test/n/snooze', stopUrl: 'https://a.test/n/stop', pageUrl: 'https://a.test/me/page' };
const facts = {
  minutes: 400, usual_minutes: 110, evenings: 3, working_days: 5, weekend_days: 1,
  long_days: 4, usual_long_days: 1, mean_span_minutes: 700,
  chains: 4, back_to_back_minutes: 610, usual_chains: 1,
  focus_minutes: 240, usual_focus_minutes: 900, meeting_minutes: 1500,
  collaborators: 2, usual_collaborators: 11,
};

describe('nudge messages', () => {
  it.each(NudgeRuleId.options)('%s: the person own numbers, two suggestions, the controls, no diagnosis', (rule) => {
    const message = renderNudge(rule, facts, controls);
    expect(message.text).toMatch(/\d/);
    expect(message.text.match(/^• /gm)).toHaveLength(2);
    for (const url of Object.values(controls).slice(1)) expect(message.text).toContain(url);
    expect(message.text).toContain('Only you receive this note');
    for (const word of ['stress', 'burnout', 'burn-out', 'depress', 'anxiety', 'unhealthy', 'diagnos']) {
      expect(`${message.subject} ${message.text} ${JSON.stringify(message.blocks)}`.toLowerCase()).not.toContain(word);
    }
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value?: string; url?: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['attune_page', nudgeActionIds.snooze, nudgeActionIds.stop]);
    expect(actions.elements.slice(1).map((e) => e.value)).toEqual(['k-123', 'k-123']);
    expect(actions.elements[0]?.url).toBe(controls.pageUrl);
  });

  it('says the after-hours numbers the way the person lives them', () => {
    const text = renderNudge('after_hours_load', facts, controls).text;
    expect(text).toContain('3 of your last 5 working days had meetings or messages after your working hours, and 1 day off had some too');
    expect(text).toContain('6 h 40 min outside your hours in all, where a usual week of yours has 1 h 50 min');
  });

  it('speaks durations plainly', () => {
    expect([0, 45, 60, 200, 1440].map(spokenDuration)).toEqual(['0 min', '45 min', '1 h', '3 h 20 min', '24 h']);
  });
});
