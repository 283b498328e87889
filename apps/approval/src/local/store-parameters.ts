import type { KeyValueStore } from '@powercast/aws-pipeline/approval';
import type { ParameterStore } from '../decision/ports.js';

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

function parameterKey(name: string): string {
  return `approval/parameters/${name.replace(/^\/+/, '')}`;
}
