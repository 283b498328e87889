import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';

/**
 * Approval tokens: `base64url(claims JSON) "." base64url(HMAC-SHA256)`.
 *
 * A token is single-purpose: it binds one model package, one action and one approver, and it
 * expires. The signature covers the exact payload characters (plus a domain prefix), so any change
 * to the text of a token fails verification; encodings are checked to be canonical so that two
 * different strings can never carry the same bytes.
 */

export type ApprovalAction = 'approve' | 'reject';
export const approvalActions: readonly ApprovalAction[] = ['approve', 'reject'];

export interface ApprovalClaims {
  /** Token format version. */
  v: 1;
  /** The model package: a SageMaker model package ARN, or `<group>/<version>` in the local registry. */
  pkg: string;
  act: ApprovalAction;
  /** Who the link was sent to (recorded in the approval description). */
  sub: string;
  /** Issued at / expires at, Unix seconds. */
  iat: number;
  exp: number;
  /** Random nonce: two tokens for the same package and action never coincide. */
  n: string;
}

export type TokenFailureReason =
  | 'malformed'
  | 'tampered'
  | 'expired'
  | 'wrong-action'
  /** Issued in the future (beyond the clock skew allowed): not a token this system issued now. */
  | 'not-yet-valid'
  /** Valid for longer than the configured maximum: a token no issuer here would sign. */
  | 'lifetime-too-long';

/** Why a token was refused. `httpStatus` is 400 for malformed input and 403 for a refused credential. */
export class ApprovalTokenError extends UserInputError {
  override readonly name = 'ApprovalTokenError';
  readonly kind = 'approval-token-refused';
  readonly httpStatus: 400 | 403;
  constructor(
    readonly reason: TokenFailureReason,
    message: string,
  ) {
    super(message);
    this.httpStatus = reason === 'malformed' ? 400 : 403;
  }
}

export type TokenVerification = { ok: true; claims: ApprovalClaims } | { ok: false; error: ApprovalTokenError };

export const DEFAULT_TOKEN_TTL_SECONDS = 72 * 60 * 60;
/** How far an issuer's clock may run ahead of the verifier's before a token counts as issued in the future. */
export const TOKEN_CLOCK_SKEW_SECONDS = 120;
export const MIN_SECRET_BYTES = 32;
/** Upper bound on accepted token length, so a huge query string is refused before any work. */
const MAX_TOKEN_CHARS = 4096;
const SIGNATURE_DOMAIN = 'powercast-approval.v1.';
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{43})$/;

const claimsSchema = z.strictObject({
  v: z.literal(1),
  pkg: z.string().min(1).max(2048),
  act: z.enum(['approve', 'reject']),
  sub: z.string().min(1).max(320),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  n: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

export interface IssueTokenInput {
  secret: string | Uint8Array;
  packageId: string;
  action: ApprovalAction;
  approver: string;
  /** Seconds since the epoch; default: now. */
  nowSeconds?: number;
  ttlSeconds?: number;
  /** Only for tests that need reproducible tokens; default: 16 random bytes. */
  nonce?: string;
}

export function issueApprovalToken(input: IssueTokenInput): string {
  const secret = secretBytes(input.secret);
  const iat = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const ttl = input.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new RangeError(`approval token ttlSeconds must be a positive integer, got ${ttl}`);
  }
  const claims = claimsSchema.parse({
    v: 1,
    pkg: input.packageId,
    act: input.action,
    sub: input.approver,
    iat,
    exp: iat + ttl,
    n: input.nonce ?? randomBytes(16).toString('base64url'),
  });
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export interface VerifyTokenInput {
  secret: string | Uint8Array;
  token: unknown;
  /** The action the caller is about to perform; a token for another action is refused. */
  expectedAction: ApprovalAction;
  nowSeconds?: number;
  /** The longest lifetime (exp − iat) an issuer is configured to sign; default 72 h. */
  maxLifetimeSeconds?: number;
  /** Default TOKEN_CLOCK_SKEW_SECONDS. */
  clockSkewSeconds?: number;
}

/**
 * Checks, in order: shape, signature (constant time), claims, issued-at not in the future, lifetime
 * within the maximum, expiry, action. A signed token with a future `iat` or an overlong lifetime can
 * only come from a leaked secret or a misconfigured issuer: refused either way.
 */
export function verifyApprovalToken(input: VerifyTokenInput): TokenVerification {
  const secret = secretBytes(input.secret);
  const { token } = input;
  if (typeof token !== 'string' || token.length === 0) {
    return fail('malformed', 'The link carries no approval token.');
  }
  if (token.length > MAX_TOKEN_CHARS) {
    return fail(
      'malformed',
      `The approval token is ${token.length} characters long; at most ${MAX_TOKEN_CHARS} are expected.`,
    );
  }
  const match = TOKEN_PATTERN.exec(token);
  if (!match) {
    return fail(
      'malformed',
      'The approval token is not of the form <payload>.<signature> in base64url; the link may have been cut or altered.',
    );
  }
  const payload = match[1] as string;
  const signatureText = match[2] as string;
  const signature = Buffer.from(signatureText, 'base64url');
  const expected = sign(secret, payload);
  // A non-canonical encoding would let two strings share one signature; refuse it as tampering.
  const canonical = signature.toString('base64url') === signatureText;
  if (!canonical || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return fail(
      'tampered',
      'The approval token signature does not match: the link was altered or was not issued by this system.',
    );
  }
  let claims: ApprovalClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return fail('malformed', 'The approval token is signed but its content is not a valid approval claim set.');
  }
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const skew = input.clockSkewSeconds ?? TOKEN_CLOCK_SKEW_SECONDS;
  if (claims.iat > now + skew) {
    const issuedAt = new Date(claims.iat * 1000).toISOString();
    return fail('not-yet-valid', `The approval link claims to be issued at ${issuedAt}, in the future; it is refused.`);
  }
  const maxLifetime = input.maxLifetimeSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (claims.exp - claims.iat > maxLifetime) {
    return fail(
      'lifetime-too-long',
      `The approval link is valid for ${claims.exp - claims.iat} s; links here are valid for at most ${maxLifetime} s.`,
    );
  }
  if (now >= claims.exp) {
    const expiredAt = new Date(claims.exp * 1000).toISOString();
    return fail('expired', `The approval link expired at ${expiredAt}; ask for a new approval message.`);
  }
  if (claims.act !== input.expectedAction) {
    return fail('wrong-action', `This link was issued to ${claims.act} the model, not to ${input.expectedAction} it.`);
  }
  return { ok: true, claims };
}

/** A short, non-reversible handle for a token, safe to write to logs. */
export function tokenFingerprint(token: string): string {
  return createHmac('sha256', 'powercast-log').update(token).digest('hex').slice(0, 12);
}

function sign(secret: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', secret).update(SIGNATURE_DOMAIN).update(payload).digest();
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new RangeError(`the approval token secret must be at least ${MIN_SECRET_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function fail(reason: TokenFailureReason, message: string): TokenVerification {
  return { ok: false, error: new ApprovalTokenError(reason, message) };
}
