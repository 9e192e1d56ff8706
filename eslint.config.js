// Lint rules, including the layering of ../shared/docs/architecture.md as import restrictions.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const folders = ['models', 'connectors', 'transforms', 'store', 'activities', 'workflows', 'simulator', 'cli'];

/** Import restrictions for a folder that may use only the listed project folders and packages. */
function layer(folder, { mayImport, typeOnly = [], forbiddenPackages = [] }) {
  const forbidden = folders.filter((f) => f !== folder && !mayImport.includes(f));
  const patterns = [
    ...forbidden.map((f) => ({
      group: [`**/${f}/**`, `**/${f}`],
      allowTypeImports: typeOnly.includes(f),
      message: `${folder}/ may not import ${f}/ (see the layering table in architecture.md).`,
    })),
    ...forbiddenPackages.map((p) => ({ group: [p, `${p}/**`], message: `${folder}/ may not depend on ${p}.` })),
  ];
  return {
    files: [`${folder}/**/*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  };
}

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.vitest-tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No .only in committed code.' }],
    },
  },
  layer('models', { mayImport: [], forbiddenPackages: ['@duckdb/node-api', '@slack/web-api'] }),
  layer('connectors', { mayImport: ['models'], forbiddenPackages: ['@duckdb/node-api'] }),
  layer('transforms', { mayImport: ['models'], forbiddenPackages: ['@duckdb/node-api', '@slack/web-api'] }),
  layer('store', { mayImport: ['models'], forbiddenPackages: ['@slack/web-api'] }),
  layer('activities', {
    mayImport: ['models', 'transforms'],
    typeOnly: ['connectors', 'store'],
    forbiddenPackages: ['@duckdb/node-api', '@slack/web-api'],
  }),
  layer('simulator', { mayImport: ['models'], forbiddenPackages: ['@duckdb/node-api', '@slack/web-api'] }),
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node builtins.' })),
          patterns: [
            ...folders
              .filter((f) => !['models', 'workflows', 'activities'].includes(f))
              .map((f) => ({ group: [`**/${f}/**`, `**/${f}`], message: `workflows/ may not import ${f}/.` })),
            { group: ['**/activities/**', '**/activities'], allowTypeImports: true, message: 'workflows/ may only `import type` from activities/.' },
            { group: ['@duckdb/*', '@slack/*'], message: 'Workflows do no I/O.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Workflows take time from their input, never from the clock.' }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use the workflow sleep, not timers.' }],
    },
  },
);
