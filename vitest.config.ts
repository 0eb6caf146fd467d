import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; end-to-end tests start the built binary (npm test builds first).
    alias: [
      { find: '@hecate/hec/crc32', replacement: fileURLToPath(new URL('./packages/hec/src/crc32.ts', import.meta.url)) },
      { find: /^@hecate\/hec$/, replacement: src('hec') },
      { find: /^@hecate\/lang$/, replacement: src('lang') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
