import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isUserInputError } from '@powercast/contracts';
import { EXIT, UsageError, processIo, type CliIo } from './cli-io.js';
interface Command {
  usage: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

// Each command loads on demand: `run` on a warm cache should not pay for the SageMaker SDK or the model code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => {
    const module = await import('./commands/run.js');
    return { usage: module.RUN_USAGE, run: module.runCommand };
  },
  backtest: async () => {
    const module = await import('./commands/backtest.js');
    return { usage: module.BACKTEST_USAGE, run: module.backtestCommand };
  },
  models: async () => {
    const module = await import('./commands/models.js');
    return { usage: module.MODELS_USAGE, run: (argv, io) => module.modelsCommand(argv, io) };
  },
  sagemaker: async () => {
    const module = await import('./commands/sagemaker.js');
    return { usage: module.SAGEMAKER_USAGE, run: (argv, io) => module.sagemakerCommand(argv, io) };
  },
  step: async () => {
    const module = await import('./commands/step.js');
    return { usage: module.STEP_USAGE, run: module.stepCommand };
  },
};

/** The trainer CLI; returns the exit code (0 ok, 1 failed, 2 usage or input problem). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : COMMANDS[name];
  if (load === undefined) {
    io.err(
      `${name === undefined || name === '--help' ? '' : `unknown command "${name}"\n`}usage: trainer <${Object.keys(COMMANDS).join('|')}> …`,
    );
    for (const loadEntry of Object.values(COMMANDS)) io.err((await loadEntry()).usage);
    return name === '--help' ? EXIT.ok : EXIT.usage;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`${(error as Error).message}\n${command.usage}`);
      return EXIT.usage;
    }
    const named = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(named);
    // Bad config, store URI, parameters or data, or a request SageMaker refused: the user's to fix, not a crash.
    return isUserInputError(error) ? EXIT.usage : EXIT.failed;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
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
