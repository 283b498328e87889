/**
 * A request whose connection closed before it was answered: the client gave up, or the server cut
 * it at its request timeout. Nobody is left to read an answer, so it is not an error of the service
 * (no 500, no stack trace) nor of a request (no 4xx): it is counted on its own.
 */

/** The status the app records for such a request (nginx's "client closed request"); never sent. */
export const CLIENT_CLOSED_REQUEST = 499;

/** Node's adapter aborts the request's signal once the connection closes before the answer is written. */
export function clientHasGone(request: Request): boolean {
  return request.signal.aborted;
}

export function clientClosedResponse(): Response {
  return new Response(null, { status: CLIENT_CLOSED_REQUEST });
}

/** One log line, no stack: aborts are routine under load and must not bury real errors. */
export function clientAbortLogLine(method: string, path: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `predict-api: ${method} ${path.slice(0, 80)} ended before it was answered (connection closed: ${reason.slice(0, 80)})`;
}
