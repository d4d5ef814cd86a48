/**
 * Writes custom-elements.json (the custom-elements manifest: every tag, attribute, property, event,
 * CSS part and custom property, from the elements' JSDoc) with @custom-elements-manifest/analyzer,
 * then drops internal state (private reactive properties are not attributes) and copies the manifest
 * into dist/ so the API serves it at /widgets/custom-elements.json.
 *
 *   pnpm --filter @food-commons/widgets manifest
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(
  'npx',
  ['cem', 'analyze', '--litelement', '--globs', 'src/fc-*/fc-*.ts', 'src/internal/base.ts', '--exclude', 'src/**/*.test.ts', '--exclude', 'src/**/*.styles.ts', '--outdir', '.'],
  { cwd: root, stdio: 'inherit' },
);

interface Member {
  kind: string;
  name: string;
  privacy?: string;
  attribute?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  members?: Member[];
  attributes?: { name: string; fieldName?: string }[];
}
const file = `${root}custom-elements.json`;
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { modules: { path: string; declarations?: Declaration[] }[] };
for (const mod of manifest.modules) {
  for (const d of mod.declarations ?? []) {
    const hidden = new Set((d.members ?? []).filter((m) => m.privacy === 'private' || m.name.startsWith('#')).map((m) => m.name));
    if (d.attributes) d.attributes = d.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
    if (d.members) d.members = d.members.filter((m) => m.privacy !== 'private');
  }
}
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
if (existsSync(`${root}dist`)) copyFileSync(file, `${root}dist/custom-elements.json`);
const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => `<${d.tagName}> ${(d.attributes ?? []).map((a) => a.name).join(' ')}`));
console.log(tags.join('\n'));
