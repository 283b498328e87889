import type {
  ChampionComparison,
  DeployedEvaluation,
  EvaluationBasis,
  MetricsBlock,
} from '../approval/evaluation-report.js';
import type { EvaluatedDay, TestWindowEvaluation } from './test-window-evaluation.js';

/** The deployed model as the registry names it, scored on the candidate's window. */
export interface DeployedScore {
  version: number;
  artifactUri: string;
  trainingWindow: { from: string; to: string };
  evaluation: TestWindowEvaluation;
}

export type DeployedModelOutcome =
  | { kind: 'deployed'; score: DeployedScore }
  | { kind: 'none'; group: string }
  /** There is a deployed model, but it could not be scored here (why). */
  | { kind: 'not-compared'; reason: string };

/** The series a basis scores: the ex-ante answer, or the backcast when the window has no JMA issue. */
function forecastOf(day: EvaluatedDay, basis: EvaluationBasis): number | null {
  return basis === 'ex-ante' ? day.exAnte : day.backcast;
}

function meanSquaredError(pairs: readonly { actual: number; predicted: number }[]): number {
  return pairs.reduce((sum, { actual, predicted }) => sum + (actual - predicted) ** 2, 0) / pairs.length;
}

const shown = (mse: number): string => mse.toFixed(1);

/**
 * The champion/challenger gate, as OpenSTEF keeps the old model unless the new one wins: both models
 * are scored on the same days with the same code, and the candidate passes when its MSE is at most the
 * deployed model's plus `marginPct` %. The MSEs are taken on the days both forecast (normally all
 * of them), on the basis CheckMSE gates on. No deployed model, or one that cannot be scored: passes, saying so.
 */
export function compareWithDeployed(
  candidate: TestWindowEvaluation,
  deployed: DeployedModelOutcome,
  marginPct: number,
): ChampionComparison {
  const basis = candidate.document.basis;
  const candidateMse = candidate.document.regression_metrics.mse.value;
  if (deployed.kind !== 'deployed') {
    const reason =
      deployed.kind === 'none'
        ? `no deployed model in ${deployed.group}: the champion/challenger gate passes`
        : `not compared with the deployed model (${deployed.reason}): the champion/challenger gate passes`;
    return {
      outcome: deployed.kind === 'none' ? 'no-deployed-model' : 'not-compared',
      basis,
      margin_pct: marginPct,
      candidate_mse: candidateMse,
      deployed_mse: null,
      allowed_mse: candidateMse,
      passes: true,
      reason,
      deployed: null,
    };
  }
  const { score } = deployed;
  const deployedByDate = new Map(score.evaluation.days.map((day) => [day.date, day]));
  const common = candidate.days.flatMap((day) => {
    const other = deployedByDate.get(day.date);
    const mine = forecastOf(day, basis);
    const theirs = other === undefined ? null : forecastOf(other, basis);
    return mine === null || theirs === null ? [] : [{ date: day.date, actual: day.actual, mine, theirs }];
  });
  if (common.length === 0) {
    return compareWithDeployed(
      candidate,
      { kind: 'not-compared', reason: `deployed v${score.version} forecast none of the ${basis} test days` },
      marginPct,
    );
  }
  const mine = meanSquaredError(common.map((day) => ({ actual: day.actual, predicted: day.mine })));
  const theirs = meanSquaredError(common.map((day) => ({ actual: day.actual, predicted: day.theirs })));
  const allowed = theirs * (1 + marginPct / 100);
  const passes = mine <= allowed;
  const from = common[0]!.date;
  const to = common.at(-1)!.date;
  const inTraining = common.filter(
    (day) => day.date >= score.trainingWindow.from && day.date <= score.trainingWindow.to,
  ).length;
  const inSample =
    inTraining === 0 ? '' : `; deployed v${score.version} was trained on ${inTraining} of these days (in-sample)`;
  const reason =
    `candidate ${basis} mse ${shown(mine)} ${passes ? '<=' : '>'} allowed ${shown(allowed)} ` +
    `(deployed v${score.version} ${basis} mse ${shown(theirs)} + ${marginPct} % margin) ` +
    `on ${common.length} days ${from} .. ${to}${inSample}`;
  return {
    outcome: 'compared',
    basis,
    margin_pct: marginPct,
    candidate_mse: mine,
    deployed_mse: theirs,
    allowed_mse: allowed,
    passes,
    reason: passes ? reason : `worse than the deployed model: ${reason}`,
    deployed: deployedEvaluation(score, inTraining),
  };
}

function deployedEvaluation(score: DeployedScore, daysInTraining: number): DeployedEvaluation {
  const { document } = score.evaluation;
  const gated: MetricsBlock =
    document.basis === 'ex-ante' && document.ex_ante !== null
      ? { n_days: document.ex_ante.n_days, regression_metrics: document.ex_ante.regression_metrics }
      : { n_days: document.backcast.n_days, regression_metrics: document.backcast.regression_metrics };
  return {
    version: score.version,
    artifact_uri: score.artifactUri,
    training_window: score.trainingWindow,
    days_in_training: daysInTraining,
    basis: document.basis,
    gated,
    variants: document.ex_ante?.variants ?? document.backcast.variants,
  };
}
