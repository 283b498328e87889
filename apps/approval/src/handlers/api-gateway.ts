import { z } from 'zod';
import { httpApiV2EventSchema, restApiV1EventSchema } from '../events/schemas.js';
import type { ApprovalHttpRequest } from '../http/approval-request.js';
import { parseFormBody } from '../http/approval-request.js';
import type { HtmlResponse } from '../http/pages.js';

export interface ApiGatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** Maps an API Gateway event (HTTP API payload 2.0 or REST API 1.0) to an approval request; undefined when it is neither. */
export function approvalRequestFromApiGateway(event: unknown): ApprovalHttpRequest | undefined {
  const v2 = httpApiV2EventSchema.safeParse(event);
  const v1 = v2.success ? undefined : restApiV1EventSchema.safeParse(event);
  const parsed = v2.success
    ? { ...v2.data, method: v2.data.requestContext.http.method }
    : v1?.success
      ? { ...v1.data, method: v1.data.httpMethod }
      : undefined;
  if (!parsed) return undefined;
  const rawBody = parsed.body ?? '';
  const body = parsed.isBase64Encoded ? Buffer.from(rawBody, 'base64').toString('utf8') : rawBody;
  const contentType = headerValue(parsed.headers, 'content-type') ?? '';
  return {
    method: parsed.method,
    query: { ...(parsed.queryStringParameters ?? {}) },
    form:
      parsed.method.toUpperCase() === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')
        ? parseFormBody(body)
        : {},
  };
}

export function toApiGatewayResponse(response: HtmlResponse): ApiGatewayResponse {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}

function headerValue(headers: z.infer<typeof httpApiV2EventSchema>['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}
