import {
  CreateModelPackageCommand,
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
  type DescribeModelPackageCommandOutput,
  type ProductionVariantInstanceType,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  DEFAULT_MODEL_PACKAGE_GROUP,
  ModelPackageConflictError,
  ModelPackageNotFoundError,
  RegistryCorruptError,
  type ApprovalStatus,
  type DecisionRequest,
  type ModelPackage,
  type ModelRegistry,
  type NewModelPackage,
  type RegisterOptions,
} from './model-registry.js';
import { assertPinnedImage } from './pinned-image.js';

export interface SageMakerRegistryOptions {
  group?: string;
  /** The serving image the registered package names in its InferenceSpecification, by digest (`repo@sha256:…`). */
  imageUri: string;
  inferenceInstanceTypes?: ProductionVariantInstanceType[];
}

const METRIC_PREFIX = 'metric_';

/**
 * The registry on SageMaker Model Registry. Facts that SageMaker has no field for (training window,
 * data fingerprint, metrics, decision author) travel in CustomerMetadataProperties.
 * SageMaker has no conditional update: `decide` checks the status first, so two deciders racing
 * within the same second could both succeed there (the store registry has no such window).
 */
export class SageMakerModelRegistry implements ModelRegistry {
  readonly defaultGroup: string;

  constructor(
    private readonly client: SageMakerClient,
    private readonly options: SageMakerRegistryOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.defaultGroup = options.group ?? DEFAULT_MODEL_PACKAGE_GROUP;
  }

  async register(pkg: NewModelPackage, options: RegisterOptions = {}): Promise<ModelPackage> {
    const group = pkg.group ?? this.defaultGroup;
    assertPinnedImage(this.options.imageUri, 'aws.inference_image_uri');
    const metadata: Record<string, string> = {
      training_window_from: pkg.trainingWindow.from,
      training_window_to: pkg.trainingWindow.to,
      data_fingerprint: pkg.dataFingerprint,
      ...(pkg.runId === undefined ? {} : { run_id: pkg.runId }),
      ...(pkg.artifactSha256 === undefined ? {} : { artifact_sha256: pkg.artifactSha256 }),
      ...(pkg.chartsUri === undefined ? {} : { charts_s3_uri: pkg.chartsUri }),
      ...(options.rejected === undefined
        ? {}
        : {
            decision_by: options.rejected.by,
            decision_at: this.now().toISOString(),
            decision_reason: options.rejected.reason.slice(0, 256),
          }),
      ...Object.fromEntries(
        Object.entries(pkg.metrics).map(([name, value]) => [`${METRIC_PREFIX}${name}`, String(value)]),
      ),
    };
    const created = await this.client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: group,
        // Created Rejected in one call, so no approval event is ever sent for it.
        ModelApprovalStatus: options.rejected === undefined ? 'PendingManualApproval' : 'Rejected',
        ...(options.rejected === undefined
          ? {}
          : { ApprovalDescription: `${options.rejected.by}: ${options.rejected.reason}`.slice(0, 1024) }),
        ...(pkg.description === undefined ? {} : { ModelPackageDescription: pkg.description.slice(0, 1024) }),
        InferenceSpecification: {
          Containers: [{ Image: this.options.imageUri, ModelDataUrl: pkg.artifactUri }],
          SupportedContentTypes: ['application/json', 'text/csv'],
          SupportedResponseMIMETypes: ['application/json', 'text/csv'],
          SupportedRealtimeInferenceInstanceTypes: this.options.inferenceInstanceTypes ?? ['ml.t2.medium'],
        },
        ...(pkg.evaluationUri === undefined
          ? {}
          : {
              ModelMetrics: {
                ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: pkg.evaluationUri } },
              },
            }),
        CustomerMetadataProperties: metadata,
      }),
    );
    if (created.ModelPackageArn === undefined)
      throw new RegistryCorruptError(group, 'CreateModelPackage returned no ARN');
    return this.describeArn(created.ModelPackageArn);
  }

  async list(group = this.defaultGroup): Promise<ModelPackage[]> {
    const arns = [...(await this.arnsByVersion(group)).values()];
    return Promise.all(arns.map((arn) => this.describeArn(arn)));
  }

  async describe(version: number, group = this.defaultGroup): Promise<ModelPackage> {
    const arn = (await this.arnsByVersion(group)).get(version);
    if (arn === undefined) throw new ModelPackageNotFoundError(group, version);
    return this.describeArn(arn);
  }

  async decide(version: number, request: DecisionRequest, group = this.defaultGroup): Promise<ModelPackage> {
    const current = await this.describe(version, group);
    if (current.decision !== undefined) throw new ModelPackageConflictError(group, version, current.decision);
    const at = this.now().toISOString();
    await this.client.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: current.arn,
        ModelApprovalStatus: request.status,
        ApprovalDescription: `${request.by}${request.reason === undefined ? '' : `: ${request.reason}`}`.slice(0, 1024),
        CustomerMetadataProperties: {
          decision_by: request.by,
          decision_at: at,
          ...(request.reason === undefined ? {} : { decision_reason: request.reason }),
        },
      }),
    );
    return { ...current, status: request.status, decision: { ...request, at } };
  }

  private async arnsByVersion(group: string): Promise<Map<number, string>> {
    const arns = new Map<number, string>();
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListModelPackagesCommand({
          ModelPackageGroupName: group,
          ModelPackageType: 'Versioned',
          SortBy: 'CreationTime',
          SortOrder: 'Ascending',
          NextToken: nextToken,
        }),
      );
      for (const summary of page.ModelPackageSummaryList ?? []) {
        if (summary.ModelPackageVersion !== undefined && summary.ModelPackageArn !== undefined)
          arns.set(summary.ModelPackageVersion, summary.ModelPackageArn);
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return arns;
  }

  private async describeArn(arn: string): Promise<ModelPackage> {
    return toModelPackage(await this.client.send(new DescribeModelPackageCommand({ ModelPackageName: arn })));
  }
}

/** A DescribeModelPackage answer as a ModelPackage (the facts SageMaker has no field for come from the metadata). */
export function toModelPackage(described: DescribeModelPackageCommandOutput): ModelPackage {
  const arn = described.ModelPackageArn;
  const metadata = described.CustomerMetadataProperties ?? {};
  const required = (value: string | undefined, field: string): string => {
    if (value === undefined) throw new RegistryCorruptError(arn ?? '(unknown ARN)', `missing ${field}`);
    return value;
  };
  const status = required(described.ModelApprovalStatus, 'ModelApprovalStatus') as ApprovalStatus;
  const metrics = Object.fromEntries(
    Object.entries(metadata)
      .filter(([key]) => key.startsWith(METRIC_PREFIX))
      .map(([key, value]) => [key.slice(METRIC_PREFIX.length), Number(value)]),
  );
  const decidedBy = metadata['decision_by'];
  const pkg: ModelPackage = {
    group: required(described.ModelPackageGroupName, 'ModelPackageGroupName'),
    version: Number(required(described.ModelPackageVersion?.toString(), 'ModelPackageVersion')),
    status,
    createdAt: (described.CreationTime ?? new Date(0)).toISOString(),
    artifactUri: required(described.InferenceSpecification?.Containers?.[0]?.ModelDataUrl, 'ModelDataUrl'),
    metrics,
    trainingWindow: {
      from: required(metadata['training_window_from'], 'training_window_from'),
      to: required(metadata['training_window_to'], 'training_window_to'),
    },
    dataFingerprint: metadata['data_fingerprint'] ?? '',
    arn: required(arn, 'ModelPackageArn'),
  };
  const evaluationUri = described.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
  if (evaluationUri !== undefined) pkg.evaluationUri = evaluationUri;
  if (metadata['charts_s3_uri'] !== undefined) pkg.chartsUri = metadata['charts_s3_uri'];
  if (metadata['run_id'] !== undefined) pkg.runId = metadata['run_id'];
  if (metadata['artifact_sha256'] !== undefined) pkg.artifactSha256 = metadata['artifact_sha256'];
  if (described.ModelPackageDescription !== undefined) pkg.description = described.ModelPackageDescription;
  if (status !== 'PendingManualApproval') {
    const reason = metadata['decision_reason'];
    pkg.decision = {
      status,
      // Decided outside Powercast (console, CLI): SageMaker's own last-modified fields stand in.
      by: decidedBy ?? described.LastModifiedBy?.UserProfileName ?? 'unknown',
      at: metadata['decision_at'] ?? (described.LastModifiedTime ?? new Date(0)).toISOString(),
      ...(reason === undefined ? {} : { reason }),
    };
  }
  return pkg;
}
