#!/usr/bin/env node
// The `attune` command: loads the TypeScript sources through tsx, so a clone runs without a build step.
import { register } from 'tsx/esm/api';

register();
// Everything attune creates (stores and their WAL, the key file, staging batches, spills) is private to
// its owner, 0600 files in 0700 folders, whatever the shell's umask.
process.umask(0o077);
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
