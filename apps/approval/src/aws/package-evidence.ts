import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import {
  evaluationReportSchema,
  packageMetricsFromReport,
  type ChartLink,
  type PackageMetrics,
} from '@powercast/aws-pipeline/approval';
import { CHARTS_METADATA_KEY } from '@powercast/aws-pipeline/approval/aws';

import { readOrWarn, type EvidenceReader } from '../decision/package-evidence.js';

/** SigV4 presigned URLs live at most 7 days. */
export const CHART_LINK_TTL_SECONDS = 7 * 24 * 3600;

export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
}

/** Reads evaluation.json named by ModelMetrics.ModelQuality.Statistics.S3Uri (the one schema of @powercast/aws-pipeline/approval). */
/** The parts of a DescribeModelPackage answer that name the evidence. */
export type EvidenceFields = Pick<DescribeModelPackageCommandOutput, 'ModelMetrics' | 'CustomerMetadataProperties'>;

export async function readPackageMetrics(s3: S3Client, pkg: EvidenceFields): Promise<PackageMetrics> {
  const uri = pkg.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
  if (!uri) return {};
  const { bucket, key } = parseS3Uri(uri);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = (await object.Body?.transformToString('utf-8')) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EvidenceError(`${uri}: evaluation report is not JSON`);
  }
  const parsed = evaluationReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new EvidenceError(
      `${uri}: expected {"regression_metrics": {"mse": {"value": number}, …}}: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  // The ex-ante figure, the backcast and TEPCO's night-before forecast when the report has them;
  // a report written before the ex-ante evaluation reads as metrics without a basis (a backcast).
  return packageMetricsFromReport(parsed.data);
}

/** Presigned (7-day) links to the `.png`/`.svg` charts under the package's charts prefix, sorted by name. */
export async function presignChartLinks(s3: S3Client, pkg: EvidenceFields): Promise<ChartLink[]> {
  const prefixUri = pkg.CustomerMetadataProperties?.[CHARTS_METADATA_KEY];
  if (!prefixUri) return [];
  const { bucket, key: prefix } = parseS3Uri(prefixUri);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 100 }));
  const keys = (listed.Contents ?? [])
    .map((object) => object.Key)
    .filter((key): key is string => key !== undefined && /\.(png|svg)$/i.test(key))
    .sort();
  return Promise.all(
    keys.map(async (key) => ({
      name: key.slice(key.lastIndexOf('/') + 1),
      url: await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: CHART_LINK_TTL_SECONDS,
      }),
    })),
  );
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new EvidenceError(`expected an s3://bucket/key URI, got ${JSON.stringify(uri)}`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/**
 * The decide page's evidence on AWS, read as notify-approver reads it for the email: evaluation.json
 * (every figure and the comparison with the deployed model) and presigned chart links, from the URIs
 * the package names (no second DescribeModelPackage). What cannot be read (a role without
 * s3:GetObject, a deleted report) is a warning on the page.
 */
export function sageMakerEvidence(s3: S3Client, mseThreshold: number): EvidenceReader {
  return async (pkg) => {
    const described: EvidenceFields = {
      ...(pkg.evidenceUris?.evaluation === undefined
        ? {}
        : {
            ModelMetrics: {
              ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: pkg.evidenceUris.evaluation } },
            },
          }),
      ...(pkg.evidenceUris?.charts === undefined
        ? {}
        : { CustomerMetadataProperties: { [CHARTS_METADATA_KEY]: pkg.evidenceUris.charts } }),
    };
    const warnings: string[] = [];
    const [metrics, charts] = await Promise.all([
      readOrWarn(warnings, 'the evaluation report', () => readPackageMetrics(s3, described), {}),
      readOrWarn(warnings, 'the charts', () => presignChartLinks(s3, described), []),
    ]);
    return {
      metrics,
      charts,
      warnings,
      mseThreshold,
      ...(pkg.description === undefined ? {} : { description: pkg.description }),
    };
  };
}
