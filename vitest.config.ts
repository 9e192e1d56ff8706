import { defineConfig } from 'vitest/config';

const report = process.env.ATTUNE_TEST_REPORT;

/** Vitest settings: suites under tests/, one temp root per run (removed at its end), long timeouts for the end-to-end runs, a JSON report for CI's count. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/temp-root.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
