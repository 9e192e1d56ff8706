import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

/** The rule ids ESLint reports for a snippet placed at a given path in the project. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering rules of architecture.md', () => {
  it.each([
    ['workflows/x.ts', `import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n`, '@typescript-eslint/no-restricted-imports'],
    ['workflows/x.ts', `import fs from 'fs';\nexport const f = fs;\n`, '@typescript-eslint/no-restricted-imports'],
    ['workflows/x.ts', `export const t = Date.now();\n`, 'no-restricted-properties'],
    ['workflows/x.ts', `import { createActivities } from '../activities/create-activities.ts';\nexport const f = createActivities;\n`, '@typescript-eslint/no-restricted-imports'],
    ['models/x.ts', `import { runPipeline } from '../workflows/run-pipeline.ts';\nexport const f = runPipeline;\n`, '@typescript-eslint/no-restricted-imports'],
    ['connectors/x.ts', `import { DuckDBInstance } from '@duckdb/node-api';\nexport const f = DuckDBInstance;\n`, '@typescript-eslint/no-restricted-imports'],
    ['connectors/x.ts', `import { openPrivateStore } from '../store/open-private-store.ts';\nexport const f = openPrivateStore;\n`, '@typescript-eslint/no-restricted-imports'],
    ['transforms/x.ts', `import { createSlackConnector } from '../connectors/slack/index.ts';\nexport const f = createSlackConnector;\n`, '@typescript-eslint/no-restricted-imports'],
    ['store/x.ts', `import { createPseudonymizer } from '../transforms/pseudonymizer.ts';\nexport const f = createPseudonymizer;\n`, '@typescript-eslint/no-restricted-imports'],
    ['simulator/x.ts', `import { createPseudonymizer } from '../transforms/pseudonymizer.ts';\nexport const f = createPseudonymizer;\n`, '@typescript-eslint/no-restricted-imports'],
    ['activities/x.ts', `import { openPrivateStore } from '../store/open-private-store.ts';\nexport const f = openPrivateStore;\n`, '@typescript-eslint/no-restricted-imports'],
  ])('%s: rejects %j', async (path, code, rule) => {
    expect(await violations(path, code)).toContain(rule);
  });

  it.each([
    ['workflows/x.ts', `import type { Activities } from '../activities/create-activities.ts';\nexport type A = Activities;\n`],
    ['activities/x.ts', `import type { PrivateStore } from '../store/private-store.ts';\nexport type S = PrivateStore;\n`],
    ['cli/x.ts', `import { openPrivateStore } from '../store/open-private-store.ts';\nexport const f = openPrivateStore;\n`],
  ])('%s: allows %j', async (path, code) => {
    expect(await violations(path, code)).toEqual([]);
  });
});
