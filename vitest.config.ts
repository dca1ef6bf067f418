import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so no build is needed before `npm test`.
    // The more specific subpath first: an alias also matches `@mfpg/core/…`.
    alias: {
      '@mfpg/core/internal': fileURLToPath(new URL('./packages/core/src/internal.ts', import.meta.url)),
      '@mfpg/core': source('core'),
      '@mfpg/environments': source('environments'),
      '@mfpg/backend-cpu': source('backend-cpu'),
      '@mfpg/backend-gpu': source('backend-gpu'),
      '@mfpg/monitor': source('monitor'),
      mfpg: source('mfpg'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
