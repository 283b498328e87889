import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** A real S3-compatible server (s3rver) on 127.0.0.1, random port; `restart` serves the same files on a new port. */
export interface TestS3 {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  remove(): Promise<void>;
}

export async function startTestS3(bucket = 'powercast-test'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  let server: S3rver | undefined;
  const start = async (): Promise<string> => {
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
    const address = await server.run();
    return `http://127.0.0.1:${address.port}`;
  };
  const handle: TestS3 = {
    endpoint: await start(),
    bucket,
    async stop() {
      await server?.close();
      server = undefined;
    },
    async restart() {
      await handle.stop();
      handle.endpoint = await start();
    },
    async remove() {
      await handle.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return handle;
}
