import { z } from 'zod';

/**
 * evaluation.json as EvaluateModel writes it. `regression_metrics` keeps the reference shape and is
 * the figure CheckMSE gates on: the ex-ante one when the test window has JMA issues (`basis:
 * "ex-ante"`), else the backcast (`basis: "backcast"`, with `no_ex_ante_reason`). Reports written
 * before the ex-ante evaluation have only `regression_metrics` (a backcast); they still parse.
 */
export const METRIC_NAMES = ['mse', 'rmse', 'mae', 'mape', 'r2', 'max_error', 'bias'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type RegressionMetricsDocument = Record<MetricName, { value: number }>;

export interface MetricsBlock {
  n_days: number;
  regression_metrics: RegressionMetricsDocument;
}

export type EvaluationBasis = 'ex-ante' | 'backcast';

export interface EvaluationDocument {
  regression_metrics: RegressionMetricsDocument;
  basis: EvaluationBasis;
  ex_ante:
    | (MetricsBlock & {
        description: string;
        issue_time: string;
        from: string;
        to: string;
        /** Days whose weather came from an issue before the issue day (none on D−1 by the issue time). */
        days_with_earlier_issue: number;
        /** Each variant on every ex-ante day (what answers depends on the history a request brings). */
        variants: { with_history: MetricsBlock | null; weather_calendar: MetricsBlock };
      })
    | null;
  no_ex_ante_reason: string | null;
  backcast: MetricsBlock & {
    description: string;
    variants: { with_history: MetricsBlock | null; weather_calendar: MetricsBlock };
  };
  tepco_night_before:
    | (MetricsBlock & {
        description: string;
        from: string;
        to: string;
        /** The model on the same days, for a like-for-like comparison. */
        ex_ante_same_days: MetricsBlock | null;
        backcast_same_days: MetricsBlock;
      })
    | null;
  no_tepco_reason: string | null;
  /** The champion/challenger comparison CheckChampion gates on; absent in reports written before it. */
  champion?: ChampionComparison;
}

/** The deployed model scored on the candidate's window with the same ex-ante code. */
export interface DeployedEvaluation {
  version: number;
  artifact_uri: string;
  training_window: { from: string; to: string };
  /** Days of the window the deployed model was trained on (its figure is in-sample on those). */
  days_in_training: number;
  basis: EvaluationBasis;
  gated: MetricsBlock;
  variants: { with_history: MetricsBlock | null; weather_calendar: MetricsBlock };
}

/**
 * Candidate vs. the model deployed now, on the same days. CheckChampion holds when
 * `candidate_mse <= allowed_mse`; without a deployed model `allowed_mse` is the candidate's own MSE
 * (the gate passes, and `reason` says why).
 */
export interface ChampionComparison {
  /** `compared`: the deployed model was scored; `no-deployed-model`; `not-compared`: it could not be (reason). */
  outcome: 'compared' | 'no-deployed-model' | 'not-compared';
  basis: EvaluationBasis;
  margin_pct: number;
  candidate_mse: number;
  deployed_mse: number | null;
  allowed_mse: number;
  passes: boolean;
  /** One line for the run record, the package description and the approver. */
  reason: string;
  deployed: DeployedEvaluation | null;
}

const metricValue = z.object({ value: z.number() }).optional();
const metricsSchema = z.object(Object.fromEntries(METRIC_NAMES.map((name) => [name, metricValue])));
const blockSchema = z.object({ n_days: z.number().int().nonnegative(), regression_metrics: metricsSchema });
const variantsSchema = z.object({ with_history: blockSchema.nullable(), weather_calendar: blockSchema }).optional();

/** Loose on purpose: readers (approval Lambdas, the local outbox) take what they can show and ignore the rest. */
export const evaluationReportSchema = z.object({
  regression_metrics: metricsSchema,
  basis: z.enum(['ex-ante', 'backcast']).optional(),
  ex_ante: blockSchema.extend({ issue_time: z.string().optional(), variants: variantsSchema }).nullable().optional(),
  no_ex_ante_reason: z.string().nullable().optional(),
  backcast: blockSchema.extend({ variants: variantsSchema }).optional(),
  tepco_night_before: blockSchema
    .extend({ ex_ante_same_days: blockSchema.nullable().optional() })
    .nullable()
    .optional(),
  no_tepco_reason: z.string().nullable().optional(),
  champion: z
    .object({
      outcome: z.enum(['compared', 'no-deployed-model', 'not-compared']),
      margin_pct: z.number(),
      candidate_mse: z.number(),
      deployed_mse: z.number().nullable(),
      allowed_mse: z.number(),
      passes: z.boolean(),
      reason: z.string(),
      deployed: z
        .object({
          version: z.number(),
          training_window: z.object({ from: z.string(), to: z.string() }).optional(),
          days_in_training: z.number().optional(),
          gated: blockSchema,
          variants: variantsSchema,
        })
        .nullable(),
    })
    .optional(),
});
export type EvaluationReportInput = z.infer<typeof evaluationReportSchema>;
