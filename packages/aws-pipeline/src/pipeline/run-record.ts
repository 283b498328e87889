import { runRecordKey, type ArtifactRecord, type RunRecord, type StepType } from '@powercast/contracts';
import { z } from 'zod';
import { getText, type ArtifactStore } from '../store/artifact-store.js';

/** A run record that is not JSON or does not match the contract; names the record, the field and its value. */
export class RunRecordError extends Error {
  override readonly name = 'RunRecordError';
  constructor(
    readonly uri: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(field === undefined ? `run record ${uri}: ${detail}` : `run record ${uri}: field ${field}: ${detail}`);
  }
}

const fileDigestSchema = z.object({ path: z.string(), sha256: z.string(), bytes: z.number() });

export const artifactRecordSchema: z.ZodType<ArtifactRecord> = z.object({
  name: z.string(),
  uri: z.string(),
  sha256: z.string(),
  files: z.array(fileDigestSchema),
});

const stepFields = {
  name: z.string(),
  status: z.enum(['Succeeded', 'Cached', 'Failed', 'Skipped', 'NotRun', 'Executing']),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  cacheKey: z.string().optional(),
  cachedFromRunId: z.string().optional(),
  inputs: z.array(artifactRecordSchema),
  outputs: z.array(artifactRecordSchema),
  logUri: z.string().optional(),
  error: z.string().optional(),
};

const stepOf = <T extends StepType, P extends z.ZodType>(type: T, properties: P) =>
  z.object({ ...stepFields, type: z.literal(type), properties: properties.optional() });

// Typed against the contract: a field added to RunRecord that the schema does not read fails to compile.
const runRecordSchema: z.ZodType<RunRecord> = z.object({
  runId: z.string(),
  pipeline: z.string(),
  status: z.enum(['Executing', 'Succeeded', 'Failed', 'Stopped']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  parameters: z.record(z.string(), z.union([z.string(), z.number()])),
  steps: z.array(
    z.discriminatedUnion('type', [
      stepOf('Processing', z.undefined()),
      stepOf('Training', z.undefined()),
      stepOf(
        'Condition',
        z.object({
          left: z.number(),
          right: z.number(),
          outcome: z.boolean(),
          expression: z.string(),
          next: z.string(),
        }),
      ),
      stepOf(
        'RegisterModel',
        z.object({
          group: z.string(),
          version: z.number().int().positive(),
          status: z.enum(['PendingManualApproval', 'Approved', 'Rejected']).optional(),
          alreadyRegistered: z.boolean().optional(),
        }),
      ),
      stepOf('Fail', z.object({ errorMessage: z.string() })),
    ]),
  ),
  reason: z.string().optional(),
});

/** Validates a parsed run record; `uri` names it in the error. */
export function parseRunRecord(value: unknown, uri: string): RunRecord {
  const result = runRecordSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // steps[6].properties.version, as one would write it in code.
  const field = issue.path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
  const found = valueAt(value, issue.path);
  const shown = found === undefined ? 'missing' : quote(found);
  throw new RunRecordError(uri, field || '(root)', `${issue.message} (got ${shown})`);
}

/** Reads `runs/<runId>/run.json` back from the store and validates it against the contract. */
export async function readRunRecord(store: ArtifactStore, runId: string): Promise<RunRecord> {
  const key = runRecordKey(runId);
  const uri = store.uriOf(key);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await getText(store, key));
  } catch (error) {
    if (error instanceof SyntaxError) throw new RunRecordError(uri, undefined, `not JSON (${error.message})`);
    throw error;
  }
  return parseRunRecord(parsed, uri);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** At most ~80 characters of the offending value. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
