/**
 * Writes custom-elements.json (the custom-elements manifest: every tag, attribute, property, event,
 * CSS part and custom property, from the elements' JSDoc) with @custom-elements-manifest/analyzer,
 * then drops internal state (private reactive properties are not attributes) and copies the manifest
 * into dist/ so the API serves it at /widgets/custom-elements.json.
 *
 *   pnpm --filter @food-commons/widgets manifest
 *
 * `pnpm test` fails while the committed manifest differs from what this would write
 * (scripts/manifest.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const manifestFile = path.join(root, 'custom-elements.json');

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
type Manifest = { modules: { path: string; declarations?: Declaration[] }[] };

/** The manifest as the analyzer reads the sources now, as the text custom-elements.json should hold. */
export function generateManifest(): string {
  const out = mkdtempSync(path.join(tmpdir(), 'fc-cem-'));
  try {
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js'),
        'analyze',
        '--litelement',
        '--globs',
        'src/fc-*/fc-*.ts',
        'src/internal/base.ts',
        '--exclude',
        'src/**/*.test.ts',
        '--exclude',
        'src/**/*.styles.ts',
        '--outdir',
        // The analyzer resolves its output folder against the working directory.
        path.relative(root, out),
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const manifest = JSON.parse(readFileSync(path.join(out, 'custom-elements.json'), 'utf8')) as Manifest;
    // The analyzer lists modules in the order its file reads finish: sort them, so the text is stable.
    manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const mod of manifest.modules) {
      for (const d of mod.declarations ?? []) {
        const hidden = new Set((d.members ?? []).filter((m) => m.privacy === 'private' || m.name.startsWith('#')).map((m) => m.name));
        if (d.attributes) d.attributes = d.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
        if (d.members) d.members = d.members.filter((m) => m.privacy !== 'private');
      }
    }
    return `${JSON.stringify(manifest, null, 2)}\n`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const text = generateManifest();
  writeFileSync(manifestFile, text);
  if (existsSync(path.join(root, 'dist'))) copyFileSync(manifestFile, path.join(root, 'dist', 'custom-elements.json'));
  const manifest = JSON.parse(text) as Manifest;
  const tags = manifest.modules.flatMap((m) =>
    (m.declarations ?? []).filter((d) => d.tagName).map((d) => `<${d.tagName}> ${(d.attributes ?? []).map((a) => a.name).join(' ')}`),
  );
  console.log(tags.join('\n'));
}
