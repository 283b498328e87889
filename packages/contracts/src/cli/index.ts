export { EXIT, isEntryPoint, processIo, type CliIo } from './cli-io.js';
export {
  CommandLineError,
  UsageError,
  defineCommand,
  helpText,
  parseCommandLine,
  reportError,
  runMain,
  type CliCommand,
  type CliOption,
  type CliOptions,
  type CommandLine,
} from './command-line.js';
export { realDataDir } from './data-dir.js';
export { invocationDir, isUri, resolvePath, resolveUserPath, type CommandLocation } from './user-path.js';
export { findWorkspaceRoot } from './workspace-root.js';
