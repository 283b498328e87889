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

/**
 * An HTTP error raised anywhere in request handling; the app's error handler turns it into
 * `application/problem+json`. `slug` names the problem type (`urn:powercast:problem:<slug>`).
 */
export class HttpProblem extends Error {
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

  toProblem(): ProblemDetails {
    return {
      type: `urn:powercast:problem:${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      errors: this.errors,
    };
  }
}

/** Serialise a problem; values in field errors are kept short so a huge body is never echoed. */
export function problemResponse(problem: HttpProblem): Response {
  const body = problem.toProblem();
  body.errors = body.errors.map((error) => ({ ...error, value: shortValue(error.value) }));
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
