import type { Options } from 'tsup';

/** How every library package is built: ESM + CJS + type declarations for Node 20. */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url in the CommonJS build too (createRequire of optional, lazily loaded modules).
  shims: true,
};
