import { toTemporalFailure } from './to-temporal-failure.ts';

type AsyncFunctions = Record<string, (input: never) => Promise<unknown>>;

/** The same activities for a Temporal worker: each one's errors leave it as Temporal failures (see toTemporalFailure). */
export function withTemporalFailures<A extends AsyncFunctions>(activities: A): A {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (input: never) => {
      try {
        return await activity(input);
      } catch (error) {
        throw toTemporalFailure(error);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as A;
}
