import { fileURLToPath } from 'node:url';

/** The module whose exports are the workflows a worker registers (and the SDK bundles). */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
