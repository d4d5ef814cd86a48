import { defineConfig } from 'vite';

/**
 * Builds `dist/foodcommons.js` (every element; the map's Leaflet code is a lazily loaded chunk
 * under `dist/chunks/`) and `dist/embed.js` (the /embed page's builder). An app build with JS
 * entries rather than library mode, because library mode leaves ES output's whitespace unminified.
 */
export default defineConfig({
  publicDir: false,
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
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' },
    },
  },
});
