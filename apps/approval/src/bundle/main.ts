import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLambdaBundles } from './build-bundles.js';

// `npx nx run approval:bundle` → apps/approval/dist/bundles/<name>.zip
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundles = await buildLambdaBundles({ projectRoot, outDir: join(projectRoot, 'dist', 'bundles') });
for (const bundle of bundles) {
  console.log(
    `${relative(process.cwd(), bundle.zipPath)}  ${(bundle.zipBytes / 1024).toFixed(0)} KiB zip, ${(bundle.codeBytes / 1024).toFixed(0)} KiB code`,
  );
}
