import { DataLoaderError } from '../errors.js';

/** Run `action` and return the DataLoaderError it throws (sync or async), or fail. */
export async function expectDataError(action: () => unknown): Promise<DataLoaderError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof DataLoaderError) return error;
    throw error;
  }
  throw new Error('expected a DataLoaderError, but nothing was thrown');
}
