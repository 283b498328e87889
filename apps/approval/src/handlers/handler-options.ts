import type { AwsClients } from '../aws/clients.js';
import type { Logger } from '../log/logger.js';

/** What tests (and nothing else) inject into a handler factory. */
export interface HandlerOptions {
  env?: Record<string, string | undefined>;
  clients?: Partial<AwsClients>;
  logger?: Logger;
  clock?: () => Date;
}
