import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0fc-document:';

/**
 * Bundles `@food-commons/client`'s typed documents as the plain query strings of its persisted-
 * documents manifest (src/generated/persisted-documents.json).
 *
 * graphql-codegen's client preset emits each operation as `new TypedDocumentString(<pretty text>,
 * { hash })`, all in one module: class instances, pretty-printed, that a bundler keeps together and
 * cannot drop when unused. The widgets only ever send `String(document)`, so in the bundle each
 * document becomes a module of its own holding the manifest's text for its hash — the compact text
 * a server that accepts only persisted operations has on file. Each lands in the chunk that uses
 * it (the /embed builder's two in embed.js, not in the widget bundle), the unused ones in none.
 * TypeScript still sees the generated types.
 *
 * Fails the build when an operation has no hash or its hash is not in the manifest (stale output:
 * run `pnpm --filter @food-commons/client generate`).
 */
export function graphqlDocuments(): Plugin {
  const generatedDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@food-commons/client')), 'generated');
  const generated = path.join(generatedDir, 'graphql.ts');
  const manifestFile = path.join(generatedDir, 'persisted-documents.json');
  const texts = new Map<string, string>();
  return {
    name: 'fc-graphql-documents',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(PREFIX) ? id : undefined),
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const name = id.slice(PREFIX.length);
      return `export const ${name} = ${JSON.stringify(texts.get(name))};`;
    },
    transform(code, id) {
      if (id.split('?')[0] !== generated) return undefined;
      this.addWatchFile(manifestFile);
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
      const declaration = /export const (\w+) = new TypedDocumentString\(`([^`]*)`(?:, (\{[^}]*\}))?\) as unknown as [^;]+;/g;
      const out = code.replace(declaration, (whole, name: string, text: string, meta: string | undefined) => {
        const { hash, fragmentName } = (meta ? JSON.parse(meta) : {}) as { hash?: string; fragmentName?: string };
        // A fragment is never sent on its own: the operations that spread it carry its text.
        const persisted = fragmentName ? text : hash && manifest[hash];
        if (!persisted) this.error(`${name} in ${generated} is not in ${manifestFile} (${hash ?? 'no hash'}): ${whole.slice(0, 80)}…`);
        texts.set(name, persisted);
        return `export { ${name} } from ${JSON.stringify(PREFIX + name)};`;
      });
      if (out.includes('new TypedDocumentString('))
        this.error(`Documents in ${generated} that this plugin cannot read: has the client preset's output changed?`);
      return { code: out, map: null };
    },
  };
}
