import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

export default defineConfig([
  libraryBuild,
  // The command line: one ESM bundle started by bin/mfpg.js.
  { entry: { cli: 'src/cli/bin.ts' }, format: ['esm'], sourcemap: true, target: 'node20' },
]);
