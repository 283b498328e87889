import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EVALUATION_FILE, METRICS_FILE, MODEL_TARBALL } from '@powercast/contracts';
import type { RegisterImplementation } from '../pipeline/runner.js';
import type { ModelRegistry, NewModelPackage } from '../registry/model-registry.js';
import { contentHash } from '../store/artifact-store.js';
import { evaluationReportSchema } from '../approval/evaluation-report.js';
import { flatPackageMetrics, packageMetricsFromReport } from '../approval/package-metrics.js';
import { StepInputError, readJsonFile } from './daily-table.js';
import { modelArtifactPath } from './job-steps.js';

/**
 * RegisterModel / RegisterRejected for the local runner: registers model.tar.gz with its metrics, training
 * window, data fingerprint and the champion/challenger reason as PendingManualApproval, or as Rejected
 * (decided by `pipeline RegisterRejected`, the reason as the decision's). Idempotent per artifact: when the group's latest
 * version has the same model.tar.gz hash (a cached re-run), that version is reported instead of a new one.
 */
export function registerInto(registry: ModelRegistry): RegisterImplementation {
  return {
    async run(context) {
      const group = String(context.parameters['model_package_group'] ?? registry.defaultGroup);
      const modelDir = context.inputs['model']!;
      const artifactPath = await modelArtifactPath(modelDir);
      const artifactSha256 = contentHash(await readFile(artifactPath));
      const latest = (await registry.list(group)).at(-1);
      if (latest !== undefined && latest.artifactSha256 === artifactSha256) {
        context.log(`model already registered as ${group}/${latest.version}`);
        return { group, version: latest.version, status: latest.status, alreadyRegistered: true };
      }
      const { loadModel } = await import('@powercast/model');
      const { metadata } = await loadModel(artifactPath);
      const evaluationDir = context.inputs['evaluation']!;
      const metrics = (await readJsonFile(join(evaluationDir, METRICS_FILE))) as Record<string, number>;
      const evaluationPath = join(evaluationDir, EVALUATION_FILE);
      const report = evaluationReportSchema.safeParse(await readJsonFile(evaluationPath));
      if (!report.success)
        throw new StepInputError(evaluationPath, `not an evaluation report: ${report.error.issues[0]?.message ?? ''}`);
      // The gated figure under the plain names (as before), each series (ex-ante, backcast, TEPCO) under its prefix.
      const recorded = { ...metrics, ...flatPackageMetrics(packageMetricsFromReport(report.data)) };
      const registered: NewModelPackage = {
        group,
        artifactUri: `${context.inputUris['model']}/${MODEL_TARBALL}`,
        artifactSha256,
        evaluationUri: `${context.inputUris['evaluation']}/${EVALUATION_FILE}`,
        chartsUri: context.inputUris['charts'],
        metrics: Object.fromEntries(
          Object.entries(recorded).filter(([, value]) => typeof value === 'number' && Number.isFinite(value)),
        ),
        trainingWindow: { from: metadata.trainingWindow.from, to: metadata.trainingWindow.to },
        dataFingerprint: metadata.dataFingerprint,
        runId: context.runId,
        description: context.description,
      };
      const pkg = await registry.register(
        registered,
        context.approvalStatus === 'Rejected'
          ? { rejected: { by: `pipeline ${context.stepName}`, reason: context.description } }
          : {},
      );
      context.log(`registered ${group}/${pkg.version} as ${pkg.status}: ${context.description}`);
      return { group, version: pkg.version, status: pkg.status, alreadyRegistered: false };
    },
  };
}
