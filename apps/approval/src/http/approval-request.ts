import { applyDecision, previewDecision, type DecisionDependencies } from '../decision/decide-package.js';
import { methodNotAllowed, renderOutcome, type HtmlResponse } from './pages.js';

/** An approval HTTP request reduced to what the decision needs; Lambda and Hono both map to it. */
export interface ApprovalHttpRequest {
  method: string;
  query: Record<string, string | undefined>;
  /** Parsed `application/x-www-form-urlencoded` body of a POST. */
  form: Record<string, string | undefined>;
}

/** GET shows the confirmation page; POST decides. Form fields win over the query string. */
export async function handleApprovalRequest(
  request: ApprovalHttpRequest,
  deps: DecisionDependencies,
  now?: Date,
): Promise<HtmlResponse> {
  const method = request.method.toUpperCase();
  const field = (name: string): string | undefined => request.form[name] ?? request.query[name];
  const decisionRequest = {
    token: field('token'),
    action: field('action'),
    reason: request.form['reason'],
    ...(now ? { now } : {}),
  };
  if (method === 'GET' || method === 'HEAD') return renderOutcome(await previewDecision(decisionRequest, deps));
  if (method === 'POST') return renderOutcome(await applyDecision(decisionRequest, deps));
  return methodNotAllowed(method);
}

/** Parses a form body; repeated keys keep the first value. */
export function parseFormBody(body: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (!(key in form)) form[key] = value;
  }
  return form;
}
