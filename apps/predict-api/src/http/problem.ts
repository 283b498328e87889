import { isUserInputError, UserInputError } from '@powercast/contracts';
import type { FieldError } from '../domain.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details: the one error shape every endpoint answers with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
}

/** What a problem+json answer is made of. `slug` names the problem type (`urn:powercast:problem:<slug>`). */
export interface Problem {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;
}

/**
 * An HTTP error on the service's side (no model, upstream failure, unknown route), raised anywhere
 * in request handling; the app's error handler turns it into `application/problem+json`.
 */
export class HttpProblem extends Error implements Problem {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

/**
 * A request the client must fix (malformed, too large, wrong media type, invalid records): a
 * user-input error, so its `kind` is the problem type's slug.
 */
export class RequestProblem extends UserInputError implements Problem {
  override readonly name = 'RequestProblem';
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    readonly kind: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
  }

  get slug(): string {
    return this.kind;
  }
}

/**
 * The answer to an error that escapes request handling, chosen by its type: problems answer as
 * themselves, any other user-input error is the request's to fix (422, typed by its kind), and
 * everything else is ours (500, details only in the log).
 */
export function problemFor(error: unknown): { problem: Problem; internal: boolean } {
  if (error instanceof HttpProblem || error instanceof RequestProblem) return { problem: error, internal: false };
  if (isUserInputError(error))
    return {
      problem: new RequestProblem(422, error.kind, 'Invalid prediction request', error.message),
      internal: false,
    };
  return {
    problem: new HttpProblem(
      500,
      'internal',
      'Internal error',
      'The request could not be handled; see the service log.',
    ),
    internal: true,
  };
}

/** Serialise a problem; values in field errors are kept short so a huge body is never echoed. */
export function problemResponse(problem: Problem): Response {
  const body: ProblemDetails = {
    type: `urn:powercast:problem:${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    errors: problem.errors.map((error) => ({ ...error, value: shortValue(error.value) })),
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...problem.headers },
  });
}

function shortValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}
