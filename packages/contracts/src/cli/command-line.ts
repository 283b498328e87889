import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isUserInputError, UserInputError } from '../user-input-error.js';
import { EXIT, processIo, type CliIo } from './cli-io.js';

type ParseArgsOptionConfig = NonNullable<ParseArgsConfig['options']>[string];

/** One option: the settings of `node:util` `parseArgs` plus what `--help` says about it. */
export type CliOption = ParseArgsOptionConfig & {
  /** One line for `--help`. */
  description: string;
  /** The value's name in `--help`, e.g. `DIR` (string options; `VALUE` when absent). */
  value?: string;
};

export type CliOptions = Record<string, CliOption>;

/** A command's whole command line: what `--help` prints and what `parseCommandLine` accepts. */
export interface CliCommand<O extends CliOptions = CliOptions> {
  /** How the user types the command, e.g. `trainer run` or `npx nx run approval:serve --`. */
  name: string;
  /** What it does, in a line or two. */
  summary: string;
  /** Positional arguments in the synopsis, e.g. `<version>`; without it none are accepted. */
  arguments?: string;
  /** What follows the name and arguments in the usage line (default `[options]`), e.g. `--env dev|prod [options]`. */
  synopsis?: string;
  options: O;
  /** Lines printed after the options: environment variables, defaults, examples. */
  notes?: readonly string[];
}

/** Keeps the literal option types of a command, so `parseCommandLine` types its values exactly. */
export function defineCommand<const O extends CliOptions>(command: CliCommand<O>): CliCommand<O> {
  return command;
}

type ParsedValues<O extends CliOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>['values'];

/** `--help` was asked for, or the parsed values and positional arguments. */
export type CommandLine<O extends CliOptions> =
  { help: true } | { help: false; values: ParsedValues<O>; positionals: string[] };

/** A command line the command cannot run with; the CLI prints it with its usage and exits 2. */
export class UsageError extends UserInputError {
  readonly kind: string = 'usage';
}

/**
 * An option or argument that `parseArgs` refused (unknown, missing its value, unexpected).
 * The message is the whole answer, one line naming it: `trainer run: unknown option '--dta-dir'
 * (usage: trainer run --help)`.
 */
export class CommandLineError extends UsageError {
  override readonly kind = 'command-line';

  constructor(
    readonly command: string,
    readonly problem: string,
  ) {
    super(`${command}: ${problem} (usage: ${command} --help)`);
  }
}

const HELP_OPTION = { type: 'boolean', short: 'h', description: 'show this help' } as const satisfies CliOption;

/**
 * `argv` read with `node:util` `parseArgs` (strict: unknown options are errors). `--help`/`-h` anywhere
 * wins over everything else. Throws `CommandLineError` for what `parseArgs` refuses.
 */
export function parseCommandLine<O extends CliOptions>(
  command: CliCommand<O>,
  argv: readonly string[],
): CommandLine<O> {
  const args = [...argv];
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...stripDescriptions(command.options), help: HELP_OPTION },
      strict: true,
      allowPositionals: command.arguments !== undefined,
    });
    if (values['help'] === true) return { help: true };
    delete (values as Record<string, unknown>)['help'];
    return { help: false, values: values as ParsedValues<O>, positionals };
  } catch (error) {
    // A user who typed --help next to a mistake still gets the help.
    if (args.includes('--help') || args.includes('-h')) return { help: true };
    if (isParseArgsError(error)) throw new CommandLineError(command.name, describeParseError(error));
    throw error;
  }
}

function stripDescriptions(options: CliOptions): Record<string, ParseArgsOptionConfig> {
  return Object.fromEntries(
    Object.entries(options).map(([name, { description: _description, value: _value, ...config }]) => [name, config]),
  );
}

function isParseArgsError(error: unknown): error is TypeError & { code: string } {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** parseArgs' message, shortened to the part that names the option (its advice on `--` is noise here). */
function describeParseError(error: TypeError & { code: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined)
    return `unknown option '${capped(quoted)}'`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined)
    return `unexpected argument '${capped(quoted)}'`;
  const message = (error.message.split(/\.\s/)[0] ?? error.message).replace(/\.$/, '');
  return capped(message.charAt(0).toLowerCase() + message.slice(1), 160);
}

/** Quoted input is capped, so a pasted file does not become the message. */
function capped(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The `--help` text: synopsis, summary, one line per option, then the notes. */
export function helpText(command: CliCommand): string {
  const entries = Object.entries({ ...command.options, help: HELP_OPTION }).map(
    ([name, option]) => [optionSynopsis(name, option), optionDescription(option)] as const,
  );
  const width = Math.max(...entries.map(([synopsis]) => synopsis.length)) + 2;
  return [
    `usage: ${command.name}${command.arguments ? ` ${command.arguments}` : ''} ${command.synopsis ?? '[options]'}`,
    ...command.summary.split('\n').map((line) => `  ${line}`),
    '',
    'options:',
    ...entries.map(([synopsis, description]) => `  ${synopsis.padEnd(width)}${description}`.trimEnd()),
    ...(command.notes && command.notes.length > 0 ? ['', ...command.notes] : []),
  ].join('\n');
}

function optionSynopsis(name: string, option: CliOption): string {
  const flag = `${option.short ? `-${option.short}, ` : ''}--${name}`;
  if (option.type === 'boolean') return flag;
  return `${flag} ${option.value ?? 'VALUE'}${option.multiple ? ' …' : ''}`;
}

function optionDescription(option: CliOption): string {
  const shown = typeof option.default === 'string' && option.default !== '' ? ` (default: ${option.default})` : '';
  return `${option.description}${shown}${option.multiple ? ' (repeatable)' : ''}`;
}

/**
 * Runs a command's main function as the process: its result is the exit code; a user-input error
 * prints one line and exits 2 (no stack: the input is wrong, not the program); anything else prints
 * its stack and exits 1.
 */
export function runMain(
  main: (argv: string[], io: CliIo) => Promise<number>,
  io: CliIo = processIo(),
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  return main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = reportError(error, io);
    },
  );
}

/** Prints an error the way every Powercast CLI does and returns its exit code. */
export function reportError(error: unknown, io: Pick<CliIo, 'err'>): number {
  if (error instanceof UsageError) {
    io.err(error.message);
    return EXIT.usage;
  }
  if (isUserInputError(error)) {
    io.err(`${error.name}: ${error.message}`);
    return EXIT.usage;
  }
  io.err(error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error));
  return EXIT.failed;
}
