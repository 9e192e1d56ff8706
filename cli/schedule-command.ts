import { ScheduleAlreadyRunning } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config.ts';
import type { Config } from './config.ts';
import type { TemporalSession } from './connect-temporal-client.ts';
import { temporalSchedules } from './temporal-schedules.ts';

/**
 * `attune schedule apply`: creates each of attune's schedules, or updates it to the current
 * settings when it exists, so applying twice leaves the same schedules. Returns the exit code.
 */
export async function scheduleApplyCommand({ client, routing }: TemporalSession, config: Config, temporal: TemporalConfig, out: (text: string) => void): Promise<number> {
  for (const { scheduleId, ...definition } of temporalSchedules(config, temporal, routing)) {
    try {
      await client.schedule.create({ scheduleId, ...definition });
      out(`created schedule ${scheduleId} (${definition.spec.cronExpressions?.join(', ')} UTC)\n`);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...definition, state: { paused: previous.state.paused, note: previous.state.note } }));
      out(`updated schedule ${scheduleId} (${definition.spec.cronExpressions?.join(', ')} UTC)\n`);
    }
  }
  return 0;
}
