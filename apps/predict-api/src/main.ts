import { isUserInputError } from '@powercast/contracts';
import { parseServiceConfig } from './config.js';
import { startService } from './service.js';

/**
 * `node --conditions=@powercast/source --import tsx src/main.ts [serve] [--store URI] [--port N]`
 * (`serve` = SageMaker hosting mode). Stops cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = parseServiceConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (isUserInputError(error)) {
      console.error(`predict-api: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const service = await startService(config);
  const stop = (): void => {
    void service.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
