/**
 * API Gateway proxy events in the documented shapes: HTTP API payload format 2.0 and REST API
 * (payload format 1.0). Browsers post the confirmation form as application/x-www-form-urlencoded;
 * HTTP APIs hand such bodies to Lambda base64-encoded.
 */

export function httpApiV2Event(
  method: 'GET' | 'POST',
  query: Record<string, string>,
  formBody?: string,
): Record<string, unknown> {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: `${method} /approval`,
    rawPath: '/approval',
    rawQueryString,
    headers: {
      accept: 'text/html',
      host: 'a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com',
      'user-agent': 'Mozilla/5.0',
      ...(formBody !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    queryStringParameters: query,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: 'a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      http: { method, path: '/approval', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'Mozilla/5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: `${method} /approval`,
      stage: '$default',
      time: '20/Nov/2026:01:30:00 +0000',
      timeEpoch: 1795138200000,
    },
    ...(formBody !== undefined
      ? { body: Buffer.from(formBody, 'utf8').toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

export function restApiV1Event(
  method: 'GET' | 'POST',
  query: Record<string, string>,
  formBody?: string,
): Record<string, unknown> {
  const headers = {
    Accept: 'text/html',
    Host: 'k9l8m7n6o5.execute-api.ap-northeast-1.amazonaws.com',
    ...(formBody !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
  };
  return {
    resource: '/approval',
    path: '/approval',
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters:
      Object.keys(query).length > 0 ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'k9l8m7n6o5',
      httpMethod: method,
      path: '/prod/approval',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      resourcePath: '/approval',
      stage: 'prod',
      identity: { sourceIp: '203.0.113.10', userAgent: 'Mozilla/5.0' },
    },
    body: formBody ?? null,
    isBase64Encoded: false,
  };
}
