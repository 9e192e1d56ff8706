import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { failureConverterPath } from '../../cli/temporal-payload-codec.ts';
import { workflowsPath } from '../../cli/workflows-path.ts';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe("the workflows, bundled with the SDK's bundler", () => {
  it("bundle with attune's failure converter, with every workflow type registered", async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: quiet });
    expect(code).toContain('encodeCommonAttributes: true');
    for (const name of ['syncSourceWorkflow', 'scheduledSyncWorkflow', 'dailyWellbeingWorkflow', 'backfillWorkflow', 'nudgeDeliveryWorkflow', 'eraseSubjectWorkflow']) expect(code).toContain(name);
  });

  it('fail to bundle when a workflow imports a Node builtin, naming it', async () => {
    // Inside the project (git- and lint-ignored), so the SDK's own modules resolve as they would for a real workflow.
    const scratch = fileURLToPath(new URL('../../.vitest-tmp/', import.meta.url));
    mkdirSync(scratch, { recursive: true });
    const dir = mkdtempSync(join(scratch, 'bad-workflow-'));
    const bad = join(dir, 'bad-workflow.ts');
    writeFileSync(bad, `import { readFileSync } from 'fs';\nexport async function badWorkflow(): Promise<string> {\n  return readFileSync('/etc/hostname', 'utf8');\n}\n`);
    try {
      await expect(bundleWorkflowCode({ workflowsPath: bad, logger: quiet })).rejects.toThrow(/importing the following disallowed modules[\s\S]*'fs'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
