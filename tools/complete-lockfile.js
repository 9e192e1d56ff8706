// Adds lockfile entries for the platform-specific optional packages (native bindings for other
// operating systems and CPUs) that the npm registry reachable from the build machines does not
// serve. Without them `npm ci` refuses the lockfile as out of sync; with them, marked with their
// platform, `npm ci` skips them as it would anywhere else.
// Run after any `npm install` that rewrites package-lock.json: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const operatingSystems = new Set(['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'android', 'aix']);
const cpus = new Set(['x64', 'arm64', 'ia32', 'arm', 'ppc64', 'riscv64', 's390x', 'loong64', 'mips64el', 'armv7', 'wasm32']);
const libcs = { musl: 'musl', gnu: 'glibc', glibc: 'glibc' };

/** The platform a package's name says it is for, e.g. `@swc/core-linux-x64-musl`, or null. */
function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = tokens.find((t) => operatingSystems.has(t));
  const cpu = tokens.find((t) => cpus.has(t));
  if (!os || !cpu) return null;
  const libc = tokens.map((t) => libcs[t]).find(Boolean);
  return { os: [os], cpu: [cpu === 'armv7' ? 'arm' : cpu], ...(os === 'linux' && libc ? { libc: [libc] } : {}) };
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[key] || !platform || !/^\d/.test(version)) continue;
    lock.packages[key] = { version, ...platform, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform entries added`);
