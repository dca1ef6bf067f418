import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

// Two entry points: `@mfpg/core` and `@mfpg/core/internal` (stateless helpers of the other packages).
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/internal.ts'] });
