import { describe, expect, it } from 'vitest';
import { verifyApprovalToken } from './approval-token.js';
import { composeApprovalMessage, type ApprovalMessageInput } from './approval-message.js';

const secret = 'message-test-secret-0123456789abcdef012345';
const now = new Date('2026-11-20T00:00:00.000Z');
const base: ApprovalMessageInput = {
  to: 'ops@example.com',
  group: 'PowerForecastPackageGroup',
  version: 4,
  packageId: 'PowerForecastPackageGroup/4',
  metrics: { mse: 52_900, rmse: 230, mape: 3.1 },
  mseThreshold: 40_000,
  charts: [],
  approvalUrl: 'http://127.0.0.1:8787/approval',
  secret,
  now,
};

describe('approval message', () => {
  it('flags metrics above the threshold', () => {
    const message = composeApprovalMessage(base);
    expect(message.text).toContain('MSE (万kW²): 52900.00 (ABOVE threshold 40000.00)');
    expect(message.text).toContain('RMSE (万kW): 230.00 (ABOVE √threshold 200.00)');
    expect(message.text).toContain('No charts were attached');
  });

  it('signs links that verify for their own action only, expiring after the TTL', () => {
    const message = composeApprovalMessage({ ...base, ttlSeconds: 3600 });
    expect(message.expiresAt).toBe('2026-11-20T01:00:00.000Z');
    const token = new URL(message.approveUrl).searchParams.get('token');
    const at = now.getTime() / 1000;
    expect(verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: at }).ok).toBe(true);
    expect(verifyApprovalToken({ secret, token, expectedAction: 'reject', nowSeconds: at }).ok).toBe(false);
    expect(verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: at + 3600 }).ok).toBe(false);
  });

  it('escapes names in the HTML part', () => {
    const message = composeApprovalMessage({
      ...base,
      group: '<script>x</script>',
      charts: [{ name: 'a"b.png', url: 'https://example.com/a?x=1&y=2' }],
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.html).toContain('href="https://example.com/a?x=1&amp;y=2"');
  });
});
