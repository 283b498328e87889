import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { ParameterStore } from '../decision-ports.js';

/** SSM Parameter Store behind the ParameterStore port (plain String parameters). */
export class SsmParameterStore implements ParameterStore {
  constructor(private readonly client: SSMClient) {}

  async get(name: string): Promise<string | undefined> {
    try {
      const output = await this.client.send(new GetParameterCommand({ Name: name }));
      return output.Parameter?.Value;
    } catch (error) {
      if (error instanceof ParameterNotFound) return undefined;
      throw error;
    }
  }

  async put(name: string, value: string): Promise<void> {
    await this.client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
  }

  /** Create-only write (the idempotency key of a notification); false when the parameter already existed. */
  async putIfAbsent(name: string, value: string): Promise<boolean> {
    try {
      await this.client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: false }));
      return true;
    } catch (error) {
      if (error instanceof ParameterAlreadyExists) return false;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    await this.client.send(new DeleteParameterCommand({ Name: name }));
  }
}

/** Reads the token secret (a SecureString). The caller caches the promise for the cold start. */
export async function readSecureString(client: SSMClient, name: string): Promise<string> {
  const output = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = output.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${name} has no value`);
  return value;
}
