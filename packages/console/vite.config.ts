/**
 * Builds the console to dist/, which `hecate start` serves at / (packages/server/src/console/console-site.ts).
 * Asset names carry a content hash (the server caches /assets/ for a year); views that are not needed on
 * the first screen are split into their own chunks by the dynamic imports in src/routes.ts.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  // JSX compiles to Preact's automatic runtime (tsconfig.json: jsxImportSource).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The first-load budget is checked by test/console/bundle-size.test.ts (400 KB gzipped).
    chunkSizeWarningLimit: 200,
  },
  server: {
    // `npm run dev -w packages/console` against a running Hecate on the default port.
    proxy: { '/api': 'http://127.0.0.1:8088', '/services': 'http://127.0.0.1:8088' },
  },
});
