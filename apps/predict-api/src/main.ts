import { isUserInputError } from '@powercast/contracts';
import {
  CommandLineError,
  EXIT,
  helpText,
  isEntryPoint,
  parseCommandLine,
  processIo,
  runMain,
  type CliIo,
} from '@powercast/contracts/cli';
import { parseServiceConfig, SERVICE_COMMAND } from './config.js';
import { startService } from './service.js';

/**
 * `node --conditions=@powercast/source --import tsx src/main.ts [serve] [--store URI] [--port N]`
 * (`serve` = SageMaker hosting mode). Stops cleanly on SIGINT/SIGTERM; `--help` lists the options.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  if (parseCommandLine(SERVICE_COMMAND, argv).help) {
    io.err(helpText(SERVICE_COMMAND));
    return EXIT.ok;
  }
  let config;
  try {
    config = parseServiceConfig(argv, io.env, io.cwd);
  } catch (error) {
    if (isUserInputError(error) && !(error instanceof CommandLineError)) {
      io.err(`predict-api: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
  const service = await startService(config);
  const stop = (): void => {
    void service.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return EXIT.ok;
}

if (isEntryPoint(import.meta.url)) await runMain(main);
