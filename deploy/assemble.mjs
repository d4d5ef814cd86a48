// Assembles the runtime tree of the container image in the folder given as argument: the compiled
// API with its production dependencies (`pnpm deploy --prod`), and the files the server reads from
// the repository root at run time. The Dockerfile's final stage copies this folder and nothing else;
// packages/api/src/deploy.test.ts starts the server from the same tree, so both run the same files.
//
//   node deploy/assemble.mjs <out>     (after `pnpm install` / `pnpm build`; needs pnpm on PATH)
/* global console, process, URL */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = process.argv[2];
if (!target) {
  console.error('Usage: node deploy/assemble.mjs <out>');
  process.exit(2);
}
const out = path.resolve(target);
if (!fs.existsSync(path.join(root, 'packages/api/dist/server.js'))) {
  console.error('packages/api/dist is missing: run `pnpm build` first.');
  process.exit(1);
}

/**
 * Read by the server at run time, relative to the repository root (`repoRoot` in config.ts). The
 * client's persisted-documents manifest is the list of persisted operations (docs/caching.md): the
 * widgets in packages/widgets/dist were built from the same file.
 */
export const RUNTIME_FILES = [
  'prisma/migrations',
  'prisma/data',
  'prisma/sql',
  'packages/widgets/dist',
  'packages/widgets/package.json',
  'packages/client/src/generated/persisted-documents.json',
];

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
// packages/api/package.json's `files` limits the copy to dist/; node_modules gets only `dependencies`.
execFileSync('pnpm', ['--filter', '@food-commons/api', 'deploy', '--prod', path.join(out, 'packages/api')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (const file of RUNTIME_FILES) {
  fs.cpSync(path.join(root, file), path.join(out, file), { recursive: true });
}
console.log(`Assembled the runtime files in ${out}.`);
