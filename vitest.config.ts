import { defineConfig } from 'vitest/config';

const report = process.env.ATTUNE_TEST_REPORT;

/** Vitest settings: suites under tests/, long timeouts for the end-to-end runs, a JSON report for CI's count. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
