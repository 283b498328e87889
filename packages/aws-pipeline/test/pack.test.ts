import path from 'node:path';
import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/**
 * The published package works outside the monorepo: packed from a clean copy of the workspace
 * (prepack builds it and the workspace packages it needs), installed with them into an empty
 * folder, used from plain Node through each of its entry points.
 */
describe('npm pack of @powercast/aws-pipeline', () => {
  const pack = packedForTest('@powercast/aws-pipeline');

  it('packs the built files of it and its workspace dependencies, their sources for the maps, and no tests', async () => {
    for (const tarball of pack.packed)
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
  });

  it('keeps the root entry free of the runner, the SageMaker code and generic helper names', async () => {
    const entries = await importEveryEntry(pack.consumer, pack.main);
    expect(Object.keys(entries).sort()).toEqual([
      '@powercast/aws-pipeline',
      '@powercast/aws-pipeline/approval',
      '@powercast/aws-pipeline/approval/aws',
      '@powercast/aws-pipeline/local',
      '@powercast/aws-pipeline/sagemaker',
    ]);
    const root = entries['@powercast/aws-pipeline'];
    for (const name of ['runPipeline', 'compilePipeline', 'issueApprovalToken', 'get', 'join', 'parameter']) {
      expect(root).not.toContain(name);
    }
    expect(entries['@powercast/aws-pipeline/local']).toContain('runPipeline');
    expect(entries['@powercast/aws-pipeline/sagemaker']).toContain('compilePipeline');
  });

  it('defines, compiles and stores from plain Node, and signs an approval token', async () => {
    const store = path.join(pack.work, 'store');
    const script = `import { LocalArtifactStore, parseConfig, powercastPipeline } from '@powercast/aws-pipeline';
import { compilePipeline } from '@powercast/aws-pipeline/sagemaker';
import { issueApprovalToken, verifyApprovalToken } from '@powercast/aws-pipeline/approval';
const config = parseConfig({});
const pipeline = powercastPipeline(config, 's3://bucket/raw');
const compiled = compilePipeline(pipeline, { aws: config.aws });
const store = new LocalArtifactStore(${JSON.stringify(store)});
await store.put('notes/hello.txt', 'peak 5,311');
const secret = 'x'.repeat(32);
const token = issueApprovalToken({ secret, packageId: 'group/1', action: 'approve', approver: 'alice' });
console.log(JSON.stringify({
  steps: pipeline.steps.map((step) => step.name),
  version: compiled.Version,
  stored: new TextDecoder().decode(await store.get('notes/hello.txt')),
  verified: verifyApprovalToken({ secret, token, expectedAction: 'approve' }).ok,
}));`;
    const output = JSON.parse(await runNode(pack.consumer, script));
    expect(output.steps).toContain('TrainModel');
    expect(output.version).toBe('2020-12-01');
    expect(output.stored).toBe('peak 5,311');
    expect(output.verified).toBe(true);
  });
});
