import { randomBytes } from 'node:crypto';
import type { ParameterStore } from '../decision/ports.js';
import type { KeyValueStore } from './key-value-store.js';

/** Local stand-in for SSM: one small text object per parameter under `approval/parameters/`. */
export class StoreParameterStore implements ParameterStore {
  constructor(private readonly store: KeyValueStore) {}

  async get(name: string): Promise<string | undefined> {
    const key = parameterKey(name);
    if (!(await this.store.exists(key))) return undefined;
    return new TextDecoder().decode(await this.store.get(key));
  }

  async put(name: string, value: string): Promise<void> {
    await this.store.put(parameterKey(name), value);
  }
}

export const LOCAL_SECRET_KEY = 'approval/token-secret';

/**
 * The local signing secret: `POWERCAST_APPROVAL_SECRET` when set, else a random secret created
 * once in the store (create-only, so two processes starting together agree on one secret).
 */
export async function localApprovalSecret(store: KeyValueStore, env: Record<string, string | undefined> = process.env): Promise<string> {
  const fromEnv = env['POWERCAST_APPROVAL_SECRET'];
  if (fromEnv) return fromEnv;
  await store.putIfAbsent(LOCAL_SECRET_KEY, randomBytes(32).toString('base64url'));
  return new TextDecoder().decode(await store.get(LOCAL_SECRET_KEY)).trim();
}

function parameterKey(name: string): string {
  return `approval/parameters/${name.replace(/^\/+/, '')}`;
}
