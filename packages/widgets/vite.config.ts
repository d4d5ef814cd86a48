import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type PluginOption } from 'vite';
import { graphqlDocuments } from './scripts/graphql-documents.js';

/**
 * Builds `dist/foodcommons.js` (every element; the map's Leaflet code, the chart's drawing code and
 * each interface language other than English are lazily loaded chunks under `dist/chunks/`) and
 * `dist/embed.js` (the /embed page's builder). An app build with JS entries rather than library
 * mode, because library mode leaves ES output's whitespace unminified.
 *
 * `vite build --mode analyze` also writes `dist/stats.html` and `dist/stats.md` (rollup-plugin-
 * visualizer: what each module weighs in each chunk, raw and gzip).
 */
/**
 * rollup-plugin-visualizer 7 requires Node 22, so it is an optional dependency that pnpm leaves out
 * of an install on Node 20: only the analyze mode loads it, and says so when it is missing.
 */
const analyzePlugins = async (): Promise<PluginOption[]> => {
  const name = 'rollup-plugin-visualizer';
  type Visualizer = (options: { filename: string; template: string; gzipSize: boolean }) => PluginOption;
  const loaded = (await import(name).catch(() => undefined)) as { visualizer: Visualizer } | undefined;
  if (!loaded) {
    throw new Error(
      `vite build --mode analyze needs ${name}, which requires Node 22 or newer; pnpm leaves it out of an install on Node ${process.versions.node}. Run \`npx pnpm install\` under Node 22 or newer.`,
    );
  }
  return [
    loaded.visualizer({ filename: 'dist/stats.html', template: 'treemap', gzipSize: true }),
    loaded.visualizer({ filename: 'dist/stats.md', template: 'markdown', gzipSize: true }),
  ];
};

/**
 * Vite wraps every dynamic import in its preload helper (1.3 kB gzip), which fetches the chunk's CSS
 * and preloads its imports. The widgets' lazy chunks have no CSS (styles are constructed
 * stylesheets) and module preloading is off, so the helper would only ever call the import: this
 * plugin supplies that one-line version in its place.
 */
const plainDynamicImports = (): PluginOption => ({
  name: 'fc-plain-dynamic-imports',
  enforce: 'pre',
  load: (id) => (id === '\0vite/preload-helper.js' ? 'export const __vitePreload = (load) => load();' : undefined),
});

export default defineConfig(({ mode }) => ({
  publicDir: false,
  plugins: [
    plainDynamicImports(),
    graphqlDocuments(),
    // Lit's templates and styles are tagged template literals that the JS minifier leaves as they
    // are: minify their HTML and CSS. Single spaces between inline content are kept (conservative
    // collapse), so "text <span>" stays as written.
    minifyHtmlLiterals({
      failOnError: true,
      options: { minifyOptions: { conservativeCollapse: true } },
    }) as PluginOption,
    mode === 'analyze' && analyzePlugins(),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    modulePreload: false,
    rolldownOptions: {
      input: { foodcommons: 'src/index.ts', embed: 'src/embed/embed.ts' },
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: '[name].js',
        // Language chunks are named messages-<lang>-<hash>.js, so the size script can tell them apart.
        chunkFileNames: (chunk) =>
          /\/internal\/messages\/[a-z]{2}\.ts$/.test(chunk.facadeModuleId ?? '') ? 'chunks/messages-[name]-[hash].js' : 'chunks/[name]-[hash].js',
        format: 'es',
      },
    },
  },
}));
