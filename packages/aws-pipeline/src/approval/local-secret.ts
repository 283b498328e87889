import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './key-value-store.js';

export const LOCAL_SECRET_KEY = 'approval/token-secret';

/**
 * The local signing secret: `POWERCAST_APPROVAL_SECRET` when set, else a random secret created
 * once in the store (create-only, so two processes starting together agree on one secret; 0600 in a
 * 0700 directory in a local store).
 */
export async function localApprovalSecret(
  store: KeyValueStore,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const fromEnv = env['POWERCAST_APPROVAL_SECRET'];
  if (fromEnv) return fromEnv;
  await store.putIfAbsent(LOCAL_SECRET_KEY, randomBytes(32).toString('base64url'), { private: true });
  return new TextDecoder().decode(await store.get(LOCAL_SECRET_KEY)).trim();
}
