// npm run test:gl — the gpu backend's conformance suite and flow test on gpu.js's `headlessgl` mode
// (WebGL 1 through headless-gl, rendered by Mesa's software rasteriser under Xvfb). Not part of
// `npm test`: headless-gl builds from source here (~4.5 min, its prebuilt download is unreachable)
// and needs Debian packages, which would double CI's time. Exits 2 with what to install when a
// prerequisite is missing; otherwise with vitest's exit code.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const missing: string[] = [];
if (spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).status !== 0) {
  missing.push('an X server wrapper: apt-get install -y xvfb xauth');
}
try {
  createRequire(import.meta.url).resolve('gl');
} catch {
  missing.push('headless-gl: apt-get install -y libxi-dev libgl1-mesa-dev && npm install --no-save gl@8.1.6 (builds from source)');
}
if (missing.length > 0) {
  console.error(`npm run test:gl needs:\n${missing.map((line) => `  - ${line}`).join('\n')}`);
  process.exit(2);
}
// MFPG_REQUIRE_GPU_MODES turns "mode not available, skipped" into a failure (conformance.test.ts).
const result = spawnSync('xvfb-run', ['-a', 'npx', 'vitest', 'run', 'packages/backend-gpu'], {
  stdio: 'inherit',
  env: { ...process.env, MFPG_REQUIRE_GPU_MODES: 'headlessgl' },
});
process.exit(result.status ?? 1);
