import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Starts real node processes running a TypeScript script, releases them together, returns their stdout's last line as JSON. */
export async function raceProcesses(script: string, argvs: string[][]): Promise<unknown[]> {
  const children = argvs.map((argv) =>
    spawn(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', script, ...argv], {
      cwd: packageRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const outputs = children.map((child) => collect(child));
  await Promise.all(children.map((child) => waitForReady(child)));
  for (const child of children) child.stdin?.end('go\n');
  const results = await Promise.all(outputs);
  return results.map(({ stdout, stderr, code }) => {
    if (code !== 0) throw new Error(`worker exited with ${code}: ${stderr}`);
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as unknown;
  });
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      if (chunk.toString().includes('ready')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

function collect(child: ChildProcess): Promise<{ stdout: string; stderr: string; code: number | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ stdout, stderr, code })));
}
