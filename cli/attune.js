#!/usr/bin/env node
// The `attune` command: loads the TypeScript sources through tsx, so a clone runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { setUpAttuneProcess } = await import('./attune-process.ts');
setUpAttuneProcess();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
