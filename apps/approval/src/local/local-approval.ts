import { localDecisionPorts, StoreModelRegistry, type ArtifactStore } from '@powercast/aws-pipeline';
import {
  evaluationReportSchema,
  localApprovalSecret,
  localChartLinks,
  packageMetricsFromReport,
} from '@powercast/aws-pipeline/approval';
import type { DecisionDependencies } from '../decision/decide-package.js';
import { readOrWarn, type EvidenceReader, type PackageEvidence } from '../decision/package-evidence.js';
import type { Logger } from '../log/logger.js';

export { localParameterNames } from '@powercast/aws-pipeline';

/**
 * The decide logic wired to a local (or S3) artifact store: registry, parameters, deployment record —
 * the same ports `trainer:models -- approve` decides and deploys with.
 */
export async function localDecisionDependencies(options: {
  store: ArtifactStore;
  group?: string;
  logger: Logger;
  /** The registration threshold the page compares the MSE with (config `mse_threshold`). */
  mseThreshold?: number;
}): Promise<DecisionDependencies> {
  const registry = new StoreModelRegistry(options.store, options.group);
  const ports = localDecisionPorts(options.store, registry);
  return {
    evidence: localEvidence(options.store, options.mseThreshold),
    secret: await localApprovalSecret(options.store),
    registry: ports.registry,
    parameters: ports.parameters,
    deployer: ports.deployer,
    names: ports.names,
    logger: options.logger,
  };
}

/**
 * The package's evaluation.json from the store (every figure, the comparison with the deployed model and
 * its reason), else the registry's metric map; its charts as file:// links, as in the outbox message.
 */
export function localEvidence(store: ArtifactStore, mseThreshold?: number): EvidenceReader {
  return async (pkg) => {
    const warnings: string[] = [];
    const base = `${store.uri.replace(/\/+$/, '')}/`;
    const evaluationUri = pkg.evidenceUris?.evaluation;
    const report =
      evaluationUri === undefined || !evaluationUri.startsWith(base)
        ? undefined
        : await readOrWarn(
            warnings,
            `the evaluation report ${evaluationUri}`,
            async () => {
              const text = new TextDecoder().decode(await store.get(evaluationUri.slice(base.length)));
              return evaluationReportSchema.parse(JSON.parse(text));
            },
            undefined,
          );
    const evidence: PackageEvidence = {
      metrics: report === undefined ? (pkg.metrics ?? {}) : packageMetricsFromReport(report),
      charts: localChartLinks(pkg.evidenceUris?.charts),
      warnings,
      ...(mseThreshold === undefined ? {} : { mseThreshold }),
      ...(pkg.description === undefined ? {} : { description: pkg.description }),
    };
    return evidence;
  };
}
