import { once } from '../aws/clients.js';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SesMailer } from '../aws/notifications.js';
import { presignChartLinks, readPackageMetrics } from '../aws/package-evidence.js';
import {
  SageMakerApprovalRegistry,
  SsmParameterStore,
  readSecureString,
  toSnapshot,
} from '@powercast/aws-pipeline/approval/aws';
import { readLambdaSettings, required } from '../config/lambda-settings.js';
import { modelPackageStateChangeSchema, parseEvent } from '../events/schemas.js';
import { errorMessage, jsonLogger } from '../log/logger.js';
import { composeApprovalMessage } from '@powercast/aws-pipeline/approval';
import type { HandlerOptions } from './handler-options.js';

export type NotifyOutcome =
  { outcome: 'ignored'; why: string } | { outcome: 'notified'; recipients: number; packageArn: string };

/**
 * EventBridge "SageMaker Model Package State Change" → one SES email per approver, each with its
 * own signed Approve/Reject links. The event fires on creation and on every change; only a
 * package of our group that is (still) PendingManualApproval, on creation or on a status change,
 * is announced, once: a create-only SSM marker per version absorbs duplicate events, and is removed
 * again when sending fails so that the retry sends.
 */
export function createNotifyApproverHandler(options: HandlerOptions = {}): (event: unknown) => Promise<NotifyOutcome> {
  const logger = options.logger ?? jsonLogger({ handler: 'notifyApprover' });
  const context = once(async () => {
    const settings = readLambdaSettings(options.env ?? process.env);
    const clients = {
      sagemaker: options.clients?.sagemaker ?? new SageMakerClient({}),
      ssm: options.clients?.ssm ?? new SSMClient({}),
      s3: options.clients?.s3 ?? new S3Client({}),
      ses: options.clients?.ses ?? new SESv2Client({}),
    };
    return {
      settings,
      clients,
      approvalUrl: required(settings.approvalUrl, 'APPROVAL_URL'),
      approvers: required(settings.approverEmails, 'APPROVER_EMAILS'),
      mailer: new SesMailer(clients.ses, required(settings.senderEmail, 'SENDER_EMAIL')),
      registry: new SageMakerApprovalRegistry(clients.sagemaker),
      parameters: new SsmParameterStore(clients.ssm),
      secret: await readSecureString(clients.ssm, settings.secretParameter),
    };
  });

  return async (event) => {
    const { detail, id } = parseEvent(
      modelPackageStateChangeSchema,
      event,
      'SageMaker Model Package State Change event',
    );
    const { settings, clients, approvalUrl, approvers, mailer, registry, parameters, secret } = await context();
    const packageArn = detail.ModelPackageArn;
    const ignore = (why: string): NotifyOutcome => {
      logger.log('info', 'event ignored', { eventId: id, packageArn, action: 'notify', outcome: 'ignored', why });
      return { outcome: 'ignored', why };
    };
    if (detail.ModelPackageGroupName !== settings.group)
      return ignore(`group ${detail.ModelPackageGroupName} is not ${settings.group}`);
    if (detail.ModelApprovalStatus !== 'PendingManualApproval')
      return ignore(`status ${detail.ModelApprovalStatus ?? '(none)'} needs no approval`);
    const changed = detail.UpdatedModelPackageFields;
    if (changed && changed.length > 0 && !changed.includes('ModelApprovalStatus'))
      return ignore(`only ${changed.join(', ')} changed; the approver was already notified`);

    const described = await registry.describeFull(packageArn);
    const pkg = toSnapshot(described, packageArn);
    if (pkg.status !== 'PendingManualApproval') return ignore(`the package is already ${pkg.status}`);
    // Missing evidence is reported in the email rather than withholding the approval request.
    const warnings: string[] = [];
    const evidence = async <T>(what: string, read: Promise<T>, fallback: T): Promise<T> =>
      read.catch((error: unknown) => {
        warnings.push(`${what} could not be read (${errorMessage(error)})`);
        logger.log('warn', `${what} unreadable`, {
          eventId: id,
          packageArn,
          action: 'notify',
          outcome: 'degraded',
          error: errorMessage(error),
        });
        return fallback;
      });
    const [metrics, charts] = await Promise.all([
      evidence('the evaluation report', readPackageMetrics(clients.s3, described), {}),
      evidence('the charts', presignChartLinks(clients.s3, described), []),
    ]);
    const now = options.clock?.() ?? new Date();
    const messages = approvers.map((to) =>
      composeApprovalMessage({
        to,
        group: pkg.group,
        version: pkg.version,
        packageId: pkg.packageId,
        metrics,
        mseThreshold: settings.mseThreshold,
        charts,
        warnings,
        approvalUrl,
        secret,
        ttlSeconds: settings.tokenTtlSeconds,
        now,
      }),
    );
    // SageMaker may send several events for one state change: the first to create the marker sends.
    const marker = settings.names.notified(pkg.group, pkg.version);
    if (!(await parameters.putIfAbsent(marker, `${now.toISOString()} ${id}`)))
      return ignore('the approval request for this version was already sent');
    try {
      for (const message of messages) await mailer.send(message);
    } catch (error) {
      // Remove the marker so that the retried invocation sends again.
      await parameters.delete(marker).catch(() => undefined);
      throw error;
    }
    logger.log('info', 'approval requested', {
      eventId: id,
      packageArn,
      action: 'notify',
      outcome: 'notified',
      recipients: approvers.length,
      charts: charts.length,
    });
    return { outcome: 'notified', recipients: approvers.length, packageArn };
  };
}

export const handler = createNotifyApproverHandler();
