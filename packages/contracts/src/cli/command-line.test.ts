import { describe, expect, it } from 'vitest';
import { isUserInputError, UserInputError } from '../user-input-error.js';
import {
  CommandLineError,
  UsageError,
  defineCommand,
  helpText,
  parseCommandLine,
  reportError,
} from './command-line.js';

const serve = defineCommand({
  name: 'demo serve',
  summary: 'Serves the demo.',
  options: {
    port: { type: 'string', value: 'N', default: '8787', description: 'port on 127.0.0.1' },
    store: { type: 'string', value: 'DIR|s3://…', description: 'artifact store' },
    verbose: { type: 'boolean', short: 'v', default: false, description: 'log every request' },
    tag: { type: 'string', multiple: true, default: [], value: 'NAME', description: 'a tag' },
  },
  notes: ['Environment: DEMO_SECRET signs the links.'],
});

const approve = defineCommand({
  name: 'demo approve',
  summary: 'Approves a version.',
  arguments: '<version>',
  options: {},
});

describe('parseCommandLine', () => {
  it('returns typed values, defaults included', () => {
    const line = parseCommandLine(serve, ['--store', '/tmp/s', '-v', '--tag', 'a', '--tag=b']);
    expect(line).toEqual({
      help: false,
      values: { port: '8787', store: '/tmp/s', verbose: true, tag: ['a', 'b'] },
      positionals: [],
    });
  });

  it('answers --help and -h wherever they stand, even next to a mistake', () => {
    expect(parseCommandLine(serve, ['--help'])).toEqual({ help: true });
    expect(parseCommandLine(serve, ['--store', 'x', '-h'])).toEqual({ help: true });
    expect(parseCommandLine(serve, ['--bogus', '--help'])).toEqual({ help: true });
  });

  it('refuses an unknown option with one line naming it and the way to the help', () => {
    const attempt = (): unknown => parseCommandLine(serve, ['--prot', '80']);
    expect(attempt).toThrow(CommandLineError);
    expect(attempt).toThrow("demo serve: unknown option '--prot' (usage: demo serve --help)");
    try {
      attempt();
    } catch (error) {
      expect(isUserInputError(error)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('names an option that is missing its value, and refuses positionals the command does not take', () => {
    expect(() => parseCommandLine(serve, ['--port'])).toThrow(/^demo serve: option '--port <value>' argument missing/);
    expect(() => parseCommandLine(serve, ['extra'])).toThrow("demo serve: unexpected argument 'extra'");
    expect(() => parseCommandLine(serve, ['--store', '-1'])).toThrow(
      "demo serve: option '--store' argument is ambiguous (usage: demo serve --help)",
    );
  });

  it('accepts positionals when the command declares them', () => {
    expect(parseCommandLine(approve, ['3'])).toEqual({ help: false, values: {}, positionals: ['3'] });
  });

  it('caps a long quoted value at 80 characters', () => {
    const long = `--${'x'.repeat(300)}`;
    expect(() => parseCommandLine(serve, [long])).toThrow(/unknown option '-{2}x{77}…'/);
  });
});

describe('helpText', () => {
  it('lists every option with its value name, default and description, then -h and the notes', () => {
    const text = helpText(serve);
    const lines = text.split('\n');
    expect(lines[0]).toBe('usage: demo serve [options]');
    expect(lines[1]).toBe('  Serves the demo.');
    expect(text).toMatch(/\n {2}--port N +port on 127\.0\.0\.1 \(default: 8787\)\n/);
    expect(text).toMatch(/\n {2}--store DIR\|s3:\/\/… +artifact store\n/);
    expect(text).toMatch(/\n {2}-v, --verbose +log every request\n/);
    expect(text).toMatch(/\n {2}--tag NAME … +a tag \(repeatable\)\n/);
    expect(text).toMatch(/\n {2}-h, --help +show this help\n/);
    expect(lines.at(-1)).toBe('Environment: DEMO_SECRET signs the links.');
    expect(helpText(approve).split('\n')[0]).toBe('usage: demo approve <version> [options]');
    expect(helpText({ ...approve, synopsis: '--env dev|prod [options]' }).split('\n')[0]).toBe(
      'usage: demo approve <version> --env dev|prod [options]',
    );
  });
});

describe('reportError', () => {
  class WrongDateError extends UsageError {
    override readonly kind = 'wrong-date';
  }
  class BadFileError extends UserInputError {
    readonly kind = 'bad-file';
  }

  it('prints a command-line error as its one line and returns exit code 2', () => {
    const lines: string[] = [];
    const code = reportError(new CommandLineError('demo', "unknown option '--x'"), { err: (t) => lines.push(t) });
    expect(code).toBe(2);
    expect(lines).toEqual(["demo: unknown option '--x' (usage: demo --help)"]);
  });

  it('returns 2 for any user-input error and 1 with the stack for anything else', () => {
    const lines: string[] = [];
    const err = (text: string): void => void lines.push(text);
    expect(reportError(new WrongDateError('2025-02-30 is not a date'), { err })).toBe(2);
    expect(reportError(new BadFileError('x'), { err })).toBe(2);
    expect(reportError(new TypeError('x is undefined'), { err })).toBe(1);
    expect(lines[0]).toBe('2025-02-30 is not a date');
    expect(lines[1]).toBe('BadFileError: x');
    expect(lines[2]).toMatch(/^TypeError: x is undefined\n {4}at /);
  });
});
