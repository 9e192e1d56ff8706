import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';

/** A fixed installation secret (hex) for tests and their data directories: random-looking, as attune refuses a repeated pattern. */
export const testSecretHex = '053e2472a84fbcf4e372b0b9edeb9d2e0e92352c654ffcdfabaf68e5c83a05f8';

/** The keys of the test secret, for activity deps built in process. */
export const testKeys = deriveInstallationKeys(Buffer.from(testSecretHex, 'hex'));
