import { existsSync } from 'node:fs';
import { STEP, powercastPipeline, type ParameterValue } from '@powercast/aws-pipeline';
import {
  evaluationLines,
  powercastJobs,
  registerInto,
  runPipeline,
  storeDeployedModels,
} from '@powercast/aws-pipeline/local';
import {
  DEFAULT_LOCAL_APPROVAL_URL,
  localApprovalSecret,
  tokenFingerprint,
  writePackageApprovalMessage,
  type EvaluationDocument,
  type OutboxEntry,
} from '@powercast/aws-pipeline/approval';
import {
  EVALUATION_FILE,
  QUALITY_CHART,
  QUALITY_FILE,
  runRecordKey,
  type RunRecord,
  type StepRecordOf,
} from '@powercast/contracts';
import { EXIT, UsageError, defineCommand, helpText, parseCommandLine, type CliIo } from '@powercast/contracts/cli';
import { alertNotifiersFromEnvironment } from './alert-notifiers.js';
import { PATH_NOTE, loadSettings, missingDataHelp, resolveDataDir, type Settings } from '../settings.js';

export const RUN_COMMAND = defineCommand({
  name: 'trainer run',
  summary:
    'Runs the whole pipeline on this machine: load, validate, preprocess, train, evaluate, chart, check MSE, register.\nExit 0 also when the model missed the threshold (the MSE gate is a result), 1 when a step failed, 2 when the data failed a quality rule.',
  options: {
    'data-dir': {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'the TEPCO/JMA files (default: $POWERCAST_DATA_DIR, else data_dir of the config)',
    },
    config: { type: 'string', value: 'FILE', description: 'pipeline settings (default: powercast.config.yaml)' },
    store: {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'artifact store and registry (default: store of the config)',
    },
    'no-cache': {
      type: 'boolean',
      default: false,
      description: 'run every step again instead of reusing its cached result',
    },
    param: {
      type: 'string',
      multiple: true,
      default: [],
      value: 'KEY=VALUE',
      description: 'a pipeline parameter (mse_threshold, target, split_date, test_days, hyperparameters as JSON, …)',
    },
    'approval-url': {
      type: 'string',
      value: 'URL',
      description: 'where the Approve/Reject links point (default: approval:serve on 127.0.0.1:8787)',
    },
  },
  notes: [PATH_NOTE],
});

export const RUN_USAGE = helpText(RUN_COMMAND);

/** Parses repeated `--param key=value` flags. */
export function parseParams(values: string[]): Record<string, ParameterValue> {
  const parameters: Record<string, ParameterValue> = {};
  for (const value of values) {
    const match = /^([A-Za-z0-9_]+)=(.*)$/s.exec(value);
    if (match === null) throw new UsageError(`--param "${value}": expected key=value`);
    parameters[match[1]!] = match[2]!;
  }
  return parameters;
}

/**
 * `trainer run`: the whole pipeline on this machine. Exit 0 when the run succeeded — including when
 * CheckMSE sent it to the Fail step (printed as "not registered: mse X > threshold Y"; the quality gate
 * is a result, not a crash) — and 1 when a step failed.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(RUN_COMMAND, argv);
  if (line.help) {
    io.err(RUN_USAGE);
    return EXIT.ok;
  }
  const { values } = line;
  const parameters = parseParams(values.param);
  const settings = loadSettings(io, { config: values.config, store: values.store });
  const dataDir = resolveDataDir(settings.root, settings.config, values['data-dir'], io);
  const help = missingDataHelp(dataDir);
  if (help !== undefined) {
    io.err(help);
    return EXIT.usage;
  }
  const pipeline = powercastPipeline(settings.config, dataDir);
  io.out(`Powercast pipeline ${pipeline.name}`);
  io.out(`  config ${existsSync(settings.configPath) ? settings.configPath : 'defaults (no powercast.config.yaml)'}`);
  io.out(`  data   ${dataDir}`);
  io.out(`  store  ${settings.store.uri}`);
  io.out(`  cache  ${values['no-cache'] ? 'off (--no-cache)' : 'on'}`);
  const started = Date.now();
  const run = await runPipeline({
    pipeline,
    implementations: {
      // EvaluateModel scores the model this store serves now on the same days (the champion/challenger gate).
      jobs: powercastJobs({
        s3Client: settings.s3Client,
        deployedModels: storeDeployedModels(settings.store, settings.registry),
      }),
      register: registerInto(settings.registry),
    },
    store: settings.store,
    parameters,
    useCache: !values['no-cache'],
    progress: (line) => io.out(line),
    // A failed or stopped run alerts like an accuracy drop: the store's outbox (and SNS on AWS).
    onFailure: async (record) => {
      const { pipelineFailureAlerter, OutboxNotifier } = await import('@powercast/monitoring');
      const sns = await alertNotifiersFromEnvironment(io.env);
      const notifiers = sns.length > 0 ? sns : [new OutboxNotifier(settings.store)];
      const event = await pipelineFailureAlerter({ store: settings.store, notifiers })(record);
      if (event) io.out(`alert ${event.kind}: ${event.subject}`);
    },
  });
  let outbox: OutboxEntry | undefined;
  let outboxError: string | undefined;
  try {
    outbox = await writeApprovalMessageFor(run, settings, values['approval-url'] ?? DEFAULT_LOCAL_APPROVAL_URL, io.env);
  } catch (error) {
    outboxError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const approval = outbox === undefined ? undefined : { outbox, storeUri: settings.store.uri };
  const evaluation = await readEvaluation(run, settings);
  const quality = await readQuality(run, settings);
  for (const line of summary(
    run,
    settings.store.uriOf(runRecordKey(run.runId)),
    Date.now() - started,
    approval,
    evaluation,
    quality,
  ))
    io.out(line);
  if (run.status === 'Failed') {
    io.err(`run failed: ${run.reason}`);
    // ValidateData fails only on the data (a rule set to fail, or an unknown rule in quality_actions): bad input.
    return failedStep(run)?.name === STEP.validateData ? EXIT.usage : EXIT.failed;
  }
  if (outboxError !== undefined) {
    // The version stays registered; only the message is missing, and it can be written again.
    io.err(
      `approval message not written: ${outboxError}\n  write it again: npx nx run approval:outbox -- ${registeredStep(run)?.properties?.version} --store ${settings.store.uri}`,
    );
    return EXIT.failed;
  }
  return EXIT.ok;
}

/**
 * The local stand-in for the approval email: when this run registered a new version, the message
 * with signed Approve/Reject links goes to `<store>/outbox/`. A cached re-run that found the model
 * already registered writes nothing (`approval:outbox` re-sends).
 */
async function writeApprovalMessageFor(
  run: RunRecord,
  settings: Settings,
  approvalUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<OutboxEntry | undefined> {
  const registered = registeredStep(run)?.properties;
  if (registered === undefined || registered.alreadyRegistered !== false) return undefined;
  const pkg = await settings.registry.describe(registered.version, registered.group);
  if (pkg.status !== 'PendingManualApproval') return undefined;
  return writePackageApprovalMessage({
    store: settings.store,
    pkg,
    mseThreshold: settings.config.mse_threshold,
    approvalUrl,
    secret: await localApprovalSecret(settings.store, env),
  });
}

/**
 * EvaluateModel's evaluation.json of this run (or of the run it was cached from); undefined when the
 * step did not succeed or the report cannot be read (the summary then prints the gate alone).
 */
async function readEvaluation(run: RunRecord, settings: Settings): Promise<EvaluationDocument | string | undefined> {
  const output = run.steps
    .find((step) => step.name === STEP.evaluateModel)
    ?.outputs.find((o) => o.name === 'evaluation');
  const prefix = `${settings.store.uri}/`;
  if (output === undefined || !output.uri.startsWith(prefix)) return undefined;
  try {
    const bytes = await settings.store.get(`${output.uri.slice(prefix.length)}/${EVALUATION_FILE}`);
    const report = JSON.parse(new TextDecoder().decode(bytes)) as Partial<EvaluationDocument>;
    // A report without `basis` predates the ex-ante evaluation: its metrics are a backcast.
    return report.basis === undefined
      ? 'no ex-ante figure: the evaluation report predates the ex-ante evaluation'
      : (report as EvaluationDocument);
  } catch (error) {
    return `evaluation report not readable (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** ValidateData's one-line summary and where its quality.json is; undefined when the step did not succeed. */
async function readQuality(run: RunRecord, settings: Settings): Promise<RunQuality | undefined> {
  const output = run.steps
    .find((step) => step.name === STEP.validateData && (step.status === 'Succeeded' || step.status === 'Cached'))
    ?.outputs.find((o) => o.name === 'quality');
  const prefix = `${settings.store.uri}/`;
  if (output === undefined || !output.uri.startsWith(prefix)) return undefined;
  const uri = `${output.uri}/${QUALITY_FILE}`;
  try {
    const bytes = await settings.store.get(`${output.uri.slice(prefix.length)}/${QUALITY_FILE}`);
    const report = JSON.parse(new TextDecoder().decode(bytes)) as { summary?: unknown };
    return { summary: typeof report.summary === 'string' ? report.summary : 'quality: no summary in the report', uri };
  } catch (error) {
    return { summary: `quality report not readable (${error instanceof Error ? error.message : String(error)})`, uri };
  }
}

function failedStep(run: RunRecord): RunRecord['steps'][number] | undefined {
  return run.steps.find((step) => step.status === 'Failed');
}

/** RegisterModel (offered for approval) or RegisterRejected (worse than the deployed model), whichever ran. */
function registeredStep(run: RunRecord): StepRecordOf<'RegisterModel'> | undefined {
  const step = run.steps.find(
    (candidate) =>
      (candidate.name === STEP.registerModel || candidate.name === STEP.registerRejected) &&
      candidate.status === 'Succeeded',
  );
  return step?.type === 'RegisterModel' ? step : undefined;
}

/** What ValidateData found (its summary line) and where the report is. */
export interface RunQuality {
  summary: string;
  uri: string;
}

/** The approval message this run wrote, and the store approval:serve must open to accept its links. */
export interface WrittenApproval {
  outbox: OutboxEntry;
  storeUri: string;
}

/**
 * The step table, the evaluation (ex-ante first, the backcast labelled, TEPCO's night-before with n),
 * the gated metric against the threshold, and what was registered (or why not).
 */
export function summary(
  run: RunRecord,
  runRecordUri: string,
  wallMs: number,
  approval?: WrittenApproval,
  evaluation?: EvaluationDocument | string,
  quality?: RunQuality,
): string[] {
  const lines = ['', `run ${run.runId}: ${run.status}`, `  ${'step'.padEnd(18)}${'status'.padEnd(11)}duration`];
  for (const step of run.steps) {
    const duration =
      step.durationMs === undefined || step.status === 'Skipped' ? '' : `${(step.durationMs / 1000).toFixed(2)} s`;
    lines.push(`  ${step.name.padEnd(18)}${step.status.padEnd(11)}${duration}`);
  }
  if (quality !== undefined) lines.push(quality.summary, `  quality report ${quality.uri}`);
  const validate = failedStep(run);
  if (validate?.name === STEP.validateData && validate.logUri !== undefined)
    lines.push(`data quality gate failed: every finding is in ${validate.logUri}`);
  if (typeof evaluation === 'string') lines.push(evaluation);
  else if (evaluation !== undefined)
    lines.push('evaluation on the test days:', ...evaluationLines(evaluation, { gate: false }));
  const checkMse = run.steps.find((step) => step.name === STEP.checkMse);
  const condition = checkMse?.type === 'Condition' ? checkMse.properties : undefined;
  if (condition !== undefined) {
    const { left: mse, right: threshold } = condition;
    const basis = typeof evaluation === 'object' ? `${evaluation.basis} ` : '';
    lines.push(
      `${basis}mse ${mse.toFixed(1)} (rmse ${Math.sqrt(mse).toFixed(1)} 万kW) ${condition.outcome ? '<=' : '>'} threshold ${threshold}`,
    );
  }
  const checkChampion = run.steps.find((step) => step.name === STEP.checkChampion);
  const champion = checkChampion?.type === 'Condition' ? checkChampion.properties : undefined;
  if (champion !== undefined)
    lines.push(
      `CheckChampion: candidate mse ${champion.left.toFixed(1)} ${champion.outcome ? '<=' : '>'} allowed ${champion.right.toFixed(1)} → ${champion.next}`,
    );
  const registered = registeredStep(run);
  if (registered?.properties !== undefined) {
    const { group, version, status, alreadyRegistered } = registered.properties;
    lines.push(
      alreadyRegistered
        ? `model unchanged: already registered as ${group} version ${version} (${status})`
        : `registered ${group} version ${version} as ${status}`,
    );
    if (registered.name === STEP.registerRejected) {
      // Kept on record with its evidence, never offered for approval: the reason is in the run record too.
      lines.push(
        `  not offered for approval: ${typeof evaluation === 'object' ? (evaluation.champion?.reason ?? '') : String(run.reason ?? '')}`,
      );
    } else if (approval !== undefined) {
      // The link is a capability and nx caches terminal output: print where it is and a fingerprint, not the token.
      const token = new URL(approval.outbox.message.approveUrl).searchParams.get('token') ?? '';
      lines.push(`  approval message ${approval.outbox.uri} (0600: its approveUrl/rejectUrl are the signed links)`);
      lines.push(
        `  Approve link token ${tokenFingerprint(token)}: open the message's approveUrl with the approval server running (npx nx run approval:serve -- --store ${approval.storeUri})`,
      );
      lines.push(`  or approve without the link: npx nx run trainer:models -- approve ${version}`);
    } else {
      lines.push(`  approve: npx nx run trainer:models -- approve ${version}`);
      if (status === 'PendingManualApproval')
        lines.push(`  approval message again (local outbox): npx nx run approval:outbox -- ${version}`);
    }
  } else if (run.status === 'Stopped') {
    lines.push(String(run.reason));
  }
  const charts = run.steps.find((step) => step.name === STEP.visualizeResults)?.outputs[0];
  if (charts !== undefined) {
    lines.push(`charts ${charts.uri}`);
    if (quality !== undefined) lines.push(`  data-quality findings by month ${charts.uri}/${QUALITY_CHART}.png`);
  }
  lines.push(`run record ${runRecordUri}`);
  lines.push(`total ${(wallMs / 1000).toFixed(2)} s`);
  return lines;
}
