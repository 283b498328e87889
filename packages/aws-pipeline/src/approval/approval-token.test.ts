import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueApprovalToken, verifyApprovalToken, type ApprovalAction } from './approval-token.js';

const secret = 'test-secret-0123456789abcdef0123456789abcdef';
const now = 1_780_000_000;
const packageArn = 'arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/PowerForecastPackageGroup/7';

const packageIds = fc.oneof(
  fc.constant(packageArn),
  fc.integer({ min: 1, max: 10_000 }).map((v) => `PowerForecastPackageGroup/${v}`),
  fc.string({ minLength: 1, maxLength: 80 }),
);
const actions = fc.constantFrom<ApprovalAction>('approve', 'reject');
const ttls = fc.integer({ min: 1, max: 30 * 24 * 3600 });

describe('approval tokens', () => {
  it('verify for the action, package and approver they were issued for', () => {
    const token = issueApprovalToken({
      secret,
      packageId: packageArn,
      action: 'approve',
      approver: 'ops@example.com',
      nowSeconds: now,
    });
    const result = verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: now + 60 });
    expect(result).toEqual({
      ok: true,
      claims: {
        v: 1,
        pkg: packageArn,
        act: 'approve',
        sub: 'ops@example.com',
        iat: now,
        exp: now + 72 * 3600,
        n: expect.any(String),
      },
    });
  });

  it('differ for two issues of the same package and action (nonce)', () => {
    const issue = (): string =>
      issueApprovalToken({
        secret,
        packageId: packageArn,
        action: 'approve',
        approver: 'a@example.com',
        nowSeconds: now,
      });
    expect(issue()).not.toBe(issue());
  });

  it('fail after any single-byte change', () => {
    fc.assert(
      fc.property(
        packageIds,
        actions,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (packageId, action, position, byte) => {
          const token = issueApprovalToken({ secret, packageId, action, approver: 'a@example.com', nowSeconds: now });
          const bytes = Buffer.from(token, 'latin1');
          const index = position % bytes.length;
          fc.pre(bytes[index] !== byte);
          bytes[index] = byte;
          const result = verifyApprovalToken({
            secret,
            token: bytes.toString('latin1'),
            expectedAction: action,
            nowSeconds: now,
          });
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['malformed', 'tampered']).toContain(result.error.reason);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('fail once expired, at any time from the expiry on', () => {
    fc.assert(
      fc.property(packageIds, actions, ttls, fc.nat({ max: 10 * 365 * 24 * 3600 }), (packageId, action, ttl, after) => {
        const token = issueApprovalToken({
          secret,
          packageId,
          action,
          approver: 'a@example.com',
          nowSeconds: now,
          ttlSeconds: ttl,
        });
        const result = verifyApprovalToken({
          secret,
          token,
          expectedAction: action,
          nowSeconds: now + ttl + after,
          maxLifetimeSeconds: 30 * 24 * 3600,
        });
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.reason).toBe('expired');
          expect(result.error.httpStatus).toBe(403);
        }
      }),
    );
  });

  it('refuse a token issued in the future beyond the clock skew, accept one within it', () => {
    const issuedAt = (iat: number): string =>
      issueApprovalToken({
        secret,
        packageId: packageArn,
        action: 'approve',
        approver: 'a@example.com',
        nowSeconds: iat,
      });
    const verify = (token: string) =>
      verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: now });
    expect(verify(issuedAt(now + 120)).ok).toBe(true);
    const future = verify(issuedAt(now + 121));
    expect(future.ok).toBe(false);
    if (!future.ok) {
      expect(future.error.reason).toBe('not-yet-valid');
      expect(future.error.httpStatus).toBe(403);
      expect(future.error.message).toContain('in the future');
    }
    // Even one issued a day ahead with a lifetime within the maximum: valid-looking, still refused.
    expect(verify(issuedAt(now + 24 * 3600)).ok).toBe(false);
  });

  it('refuse a lifetime above the configured maximum, at any time of use', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 24 * 3600 }), fc.nat({ max: 3600 }), (extra, used) => {
        const maxLifetimeSeconds = 24 * 3600;
        const token = issueApprovalToken({
          secret,
          packageId: packageArn,
          action: 'reject',
          approver: 'a@example.com',
          nowSeconds: now,
          ttlSeconds: maxLifetimeSeconds + extra,
        });
        const result = verifyApprovalToken({
          secret,
          token,
          expectedAction: 'reject',
          nowSeconds: now + used,
          maxLifetimeSeconds,
        });
        expect(result.ok).toBe(false);
        if (!result.ok) expect([result.error.reason, result.error.httpStatus]).toEqual(['lifetime-too-long', 403]);
      }),
    );
    const atMost = issueApprovalToken({
      secret,
      packageId: packageArn,
      action: 'reject',
      approver: 'a@example.com',
      nowSeconds: now,
      ttlSeconds: 24 * 3600,
    });
    expect(
      verifyApprovalToken({
        secret,
        token: atMost,
        expectedAction: 'reject',
        nowSeconds: now,
        maxLifetimeSeconds: 24 * 3600,
      }).ok,
    ).toBe(true);
  });

  it('never perform the other action (an approve token cannot reject, and back)', () => {
    fc.assert(
      fc.property(packageIds, actions, ttls, (packageId, action, ttl) => {
        const token = issueApprovalToken({
          secret,
          packageId,
          action,
          approver: 'a@example.com',
          nowSeconds: now,
          ttlSeconds: ttl,
        });
        const other: ApprovalAction = action === 'approve' ? 'reject' : 'approve';
        const result = verifyApprovalToken({
          secret,
          token,
          expectedAction: other,
          nowSeconds: now,
          maxLifetimeSeconds: 30 * 24 * 3600,
        });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.reason).toBe('wrong-action');
      }),
    );
  });

  it('are refused under another secret as tampered', () => {
    const token = issueApprovalToken({
      secret,
      packageId: packageArn,
      action: 'reject',
      approver: 'a@example.com',
      nowSeconds: now,
    });
    const result = verifyApprovalToken({
      secret: `${secret}-rotated`,
      token,
      expectedAction: 'reject',
      nowSeconds: now,
    });
    expect(result.ok ? 'ok' : result.error.reason).toBe('tampered');
  });

  it('report missing, oversized and garbled tokens as malformed (HTTP 400)', () => {
    for (const token of [undefined, '', 'no-dot-here', 'a.b', 'x'.repeat(5000), 42]) {
      const result = verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: now });
      expect(result.ok ? 'ok' : `${result.error.reason}/${result.error.httpStatus}`).toBe('malformed/400');
    }
  });

  it('refuse secrets shorter than 32 bytes', () => {
    expect(() =>
      issueApprovalToken({ secret: 'short', packageId: packageArn, action: 'approve', approver: 'a' }),
    ).toThrow(/at least 32 bytes/);
  });
});
