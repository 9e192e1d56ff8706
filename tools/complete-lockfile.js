// Adds lockfile entries for the DuckDB bindings of other platforms, which the npm registry
// reachable from the build machines does not serve. Without them `npm ci` refuses the lockfile
// as out of sync; with them it skips those platforms as it would anywhere else.
// Run after any `npm install` that rewrites package-lock.json: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
for (const [name, version] of Object.entries(bindings?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [os, cpu, libc] = name.replace('@duckdb/node-bindings-', '').split('-');
  lock.packages[key] = { version, cpu: [cpu], ...(libc ? { libc: [libc] } : {}), license: 'MIT', optional: true, os: [os] };
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
