import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, UsageError, processIo, type CliIo } from './cli-io.js';
import { BACKTEST_USAGE, backtestCommand } from './commands/backtest.js';
import { MODELS_USAGE, modelsCommand } from './commands/models.js';
import { RUN_USAGE, runCommand } from './commands/run.js';
import { SAGEMAKER_USAGE, sagemakerCommand } from './commands/sagemaker.js';
import { STEP_USAGE, stepCommand } from './commands/step.js';

const COMMANDS: Record<string, { usage: string; run: (argv: string[], io: CliIo) => Promise<number> }> = {
  run: { usage: RUN_USAGE, run: runCommand },
  backtest: { usage: BACKTEST_USAGE, run: backtestCommand },
  models: { usage: MODELS_USAGE, run: modelsCommand },
  sagemaker: { usage: SAGEMAKER_USAGE, run: (argv, io) => sagemakerCommand(argv, io) },
  step: { usage: STEP_USAGE, run: stepCommand },
};

/** The trainer CLI; returns the exit code (0 ok, 1 failed, 2 usage or input problem). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    io.err(`${name === undefined || name === '--help' ? '' : `unknown command "${name}"\n`}usage: trainer <${Object.keys(COMMANDS).join('|')}> …`);
    for (const entry of Object.values(COMMANDS)) io.err(entry.usage);
    return name === '--help' ? EXIT.ok : EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`${(error as Error).message}\n${command.usage}`);
      return EXIT.usage;
    }
    const named = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(named);
    return isInputError(error) ? EXIT.usage : EXIT.failed;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** Bad config, store URI or parameters: the user's input, not a crash. */
function isInputError(error: unknown): boolean {
  return error instanceof Error && ['ConfigError', 'InvalidStoreUriError', 'PipelineDefinitionError', 'StepParameterError', 'SageMakerPipelineError'].includes(error.name);
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  // The SDK warns that Node 20 support ends in 2027; the project targets Node 20 on purpose.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
