import { isUserInputError } from '@powercast/contracts';
import {
  CommandLineError,
  EXIT,
  UsageError,
  helpText,
  isEntryPoint,
  processIo,
  runMain,
  type CliCommand,
  type CliIo,
} from '@powercast/contracts/cli';

interface Command {
  line: CliCommand;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

// Each command loads on demand: `run` on a warm cache should not pay for the SageMaker SDK or the model code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => {
    const module = await import('./commands/run.js');
    return { line: module.RUN_COMMAND, run: module.runCommand };
  },
  backtest: async () => {
    const module = await import('./commands/backtest.js');
    return { line: module.BACKTEST_COMMAND, run: module.backtestCommand };
  },
  forecast: async () => {
    const module = await import('./commands/forecast.js');
    return { line: module.FORECAST_COMMAND, run: module.forecastCommand };
  },
  daily: async () => {
    const module = await import('./commands/daily.js');
    return { line: module.DAILY_COMMAND, run: module.dailyCommand };
  },
  ledger: async () => {
    const module = await import('./commands/ledger.js');
    return { line: module.LEDGER_COMMAND, run: module.ledgerCommand };
  },
  models: async () => {
    const module = await import('./commands/models.js');
    return { line: module.MODELS_COMMAND, run: (argv, io) => module.modelsCommand(argv, io) };
  },
  sagemaker: async () => {
    const module = await import('./commands/sagemaker.js');
    return { line: module.SAGEMAKER_COMMAND, run: (argv, io) => module.sagemakerCommand(argv, io) };
  },
  step: async () => {
    const module = await import('./commands/step.js');
    return { line: module.STEP_LINE, run: module.stepCommand };
  },
};

const TRAINER = 'trainer';

async function trainerHelp(): Promise<string> {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const lines = [
    `usage: ${TRAINER} <${names.join('|')}> [options]`,
    '  Runs the Powercast training pipeline (locally or on SageMaker) and manages the model registry.',
    '',
    'commands:',
  ];
  for (const [name, load] of Object.entries(COMMANDS)) {
    lines.push(`  ${name.padEnd(width)}${(await load()).line.summary.split('\n')[0]}`);
  }
  lines.push('', `\`${TRAINER} <command> --help\` lists the options of a command.`);
  return lines.join('\n');
}

/** The trainer CLI; returns the exit code (0 ok, 1 failed, 2 usage or input problem). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.err(await trainerHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    const problem = name.startsWith('-') ? `unknown option '${name}'` : `unknown command "${name}"`;
    io.err(new CommandLineError(TRAINER, problem).message);
    return EXIT.usage;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CommandLineError) {
      io.err(error.message);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${helpText(command.line)}`);
      return EXIT.usage;
    }
    const named = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(named);
    // Bad config, store URI, parameters or data, or a request SageMaker refused: the user's to fix, not a crash.
    return isUserInputError(error) ? EXIT.usage : EXIT.failed;
  }
}

if (isEntryPoint(import.meta.url)) {
  // The SDK warns that Node 20 support ends in 2027; the project targets Node 20 on purpose.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  void runMain(main);
}
