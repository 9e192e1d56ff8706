import { afterAll, beforeAll } from 'vitest';

/** Retries quick enough for a test; timeouts well under the simulators' 5 s stall. */
export const testRetry = { retry: { baseDelayMs: 5, maxDelayMs: 2_000 }, timeoutMs: 500 };

/** The fault settings every simulator fixture takes. */
interface SimulatorFaults {
  faults?: { share: number; seed: number };
  pageCap?: number;
}

/**
 * Three fixtures of one simulator for a suite, started before its tests and closed after: `clean`,
 * `flaky` (5 % of requests failing, seed 11) and `capped` (pages capped at `pageCap`, below what
 * the connector asks for). Read them inside tests, once started.
 */
export function faultFixtures<F extends { close(): Promise<void> }>(
  start: (simulator: SimulatorFaults) => Promise<F>,
  pageCap = 7,
): { clean: F; flaky: F; capped: F } {
  const fixtures = {} as { clean: F; flaky: F; capped: F };
  beforeAll(async () => {
    fixtures.clean = await start({});
    fixtures.flaky = await start({ faults: { share: 0.05, seed: 11 } });
    fixtures.capped = await start({ pageCap });
  });
  afterAll(async () => {
    await Promise.all(Object.values(fixtures).map((f) => f.close()));
  });
  return fixtures;
}
