import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  SageMakerServiceException,
  UpdateModelPackageCommand,
  type DescribeModelPackageCommandOutput,
  type ListModelPackagesCommandInput,
  type ModelApprovalStatus,
  type SageMakerClient,
  type UpdateModelPackageCommandInput,
} from '@aws-sdk/client-sagemaker';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  type GetParameterCommandInput,
  type PutParameterCommandInput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** One versioned package the stand-in starts with; `extra` is merged into its DescribeModelPackage answer. */
export interface StandInPackage {
  arn: string;
  group: string;
  version: number;
  status?: ModelApprovalStatus;
  extra?: Partial<DescribeModelPackageCommandOutput>;
}

export interface RegistryStandIn {
  /** Every UpdateModelPackage that took effect, in order. */
  readonly updates: UpdateModelPackageCommandInput[];
  /** SSM parameters by name. */
  readonly parameters: Map<string, string>;
  /** Makes the next UpdateModelPackage fail (a throttled call), once. */
  failNextUpdate: boolean;
  statusOf(arn: string): ModelApprovalStatus;
}

/** Lets the other concurrent requests run between two service calls, as network round trips do. */
const roundTrip = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A stand-in for SageMaker Model Registry and SSM with state, wired into aws-sdk-client-mock stubs:
 * DescribeModelPackage / ListModelPackages report what UpdateModelPackage last wrote (without any
 * condition, as SageMaker does), PutParameter with Overwrite=false fails on an existing name (as SSM
 * does). Every call yields once, so concurrent callers interleave as they would over the network.
 */
export function registryStandIn(
  sagemaker: AwsClientStub<SageMakerClient>,
  ssm: AwsClientStub<SSMClient>,
  options: { packages: StandInPackage[]; parameters?: Record<string, string> },
): RegistryStandIn {
  const statuses = new Map(options.packages.map((pkg) => [pkg.arn, pkg.status ?? 'PendingManualApproval']));
  const state: RegistryStandIn = {
    updates: [],
    parameters: new Map(Object.entries(options.parameters ?? {})),
    failNextUpdate: false,
    statusOf: (arn) => {
      const status = statuses.get(arn);
      if (status === undefined) throw new Error(`the stand-in has no package ${arn}`);
      return status;
    },
  };
  const find = (arn: string | undefined): StandInPackage => {
    const pkg = options.packages.find((candidate) => candidate.arn === arn);
    // What SageMaker answers for a package that does not exist.
    if (pkg === undefined)
      throw new SageMakerServiceException({
        name: 'ValidationException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: `ModelPackage ${arn} does not exist.`,
      });
    return pkg;
  };
  sagemaker.on(DescribeModelPackageCommand).callsFake(async (input: { ModelPackageName?: string }) => {
    await roundTrip();
    const pkg = find(input.ModelPackageName);
    return {
      ...pkg.extra,
      ModelPackageArn: pkg.arn,
      ModelPackageGroupName: pkg.group,
      ModelPackageVersion: pkg.version,
      ModelApprovalStatus: state.statusOf(pkg.arn),
    };
  });
  sagemaker.on(ListModelPackagesCommand).callsFake(async (input: ListModelPackagesCommandInput) => {
    await roundTrip();
    const listed = options.packages
      .filter((pkg) => pkg.group === input.ModelPackageGroupName)
      .filter((pkg) => input.ModelApprovalStatus === undefined || state.statusOf(pkg.arn) === input.ModelApprovalStatus)
      .sort((a, b) => (input.SortOrder === 'Descending' ? b.version - a.version : a.version - b.version))
      .slice(0, input.MaxResults ?? 100);
    return {
      ModelPackageSummaryList: listed.map((pkg) => ({
        ModelPackageArn: pkg.arn,
        ModelPackageGroupName: pkg.group,
        ModelPackageVersion: pkg.version,
        ModelApprovalStatus: state.statusOf(pkg.arn),
        ModelPackageStatus: 'Completed' as const,
        CreationTime: new Date(Date.UTC(2026, 0, pkg.version)),
      })),
    };
  });
  sagemaker.on(UpdateModelPackageCommand).callsFake(async (input: UpdateModelPackageCommandInput) => {
    await roundTrip();
    const pkg = find(input.ModelPackageArn);
    if (state.failNextUpdate) {
      state.failNextUpdate = false;
      throw new Error('ThrottlingException: Rate exceeded');
    }
    state.updates.push(input);
    if (input.ModelApprovalStatus !== undefined) statuses.set(pkg.arn, input.ModelApprovalStatus);
    return { ModelPackageArn: pkg.arn };
  });
  ssm.on(GetParameterCommand).callsFake(async (input: GetParameterCommandInput) => {
    await roundTrip();
    const value = state.parameters.get(input.Name as string);
    if (value === undefined)
      throw new ParameterNotFound({ message: 'ParameterNotFound', $metadata: { httpStatusCode: 400 } });
    return { Parameter: { Name: input.Name, Value: value } };
  });
  ssm.on(PutParameterCommand).callsFake(async (input: PutParameterCommandInput) => {
    await roundTrip();
    if (!input.Overwrite && state.parameters.has(input.Name as string))
      throw new ParameterAlreadyExists({ message: 'The parameter already exists.', $metadata: {} });
    state.parameters.set(input.Name as string, input.Value as string);
    return { Version: 1 };
  });
  ssm.on(DeleteParameterCommand).callsFake(async (input: { Name?: string }) => {
    await roundTrip();
    state.parameters.delete(input.Name as string);
    return {};
  });
  return state;
}
