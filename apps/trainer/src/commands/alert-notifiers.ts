import type { AlertNotifier } from '@powercast/monitoring';

/** The alert topic on AWS (the daily job's environment); unset locally, where the outbox alone gets alerts. */
export const ALERT_TOPIC_ENV = 'POWERCAST_ALERT_TOPIC_ARN';

/** SNS when the environment names the alert topic; the SDK is loaded only then. */
export async function alertNotifiersFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Promise<readonly AlertNotifier[]> {
  const topicArn = env[ALERT_TOPIC_ENV]?.trim();
  if (!topicArn) return [];
  const [{ SNSClient }, { SnsNotifier }] = await Promise.all([
    import('@aws-sdk/client-sns'),
    import('@powercast/monitoring/sns'),
  ]);
  return [new SnsNotifier({ client: new SNSClient({}), topicArn })];
}
