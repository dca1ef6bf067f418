// npm run bench's precision rows: `precision: float32` against float64 on the default run's 64×64
// product grid — the grid kernels (forward+drift on one prepared handle) and whole steps of the
// default flow, at N = 1000 (the default run) and N = 16000 — with JAX float32's fused forward+drift
// at N = 16000, M = 4096 (bench/jax-fused.py, dense: JAX has no product-grid path) beside them.
import { CpuBackend, createFlow } from 'mfpg';

/**
 * Prints the rows; the helpers are run.mjs's (timeIt, forwardAndDrift, torusGrid, peerSeconds), so
 * every time is measured the same way as the rest of the bench.
 */
export async function benchPrecisionOnGrid({ say, print, timeIt, forwardAndDrift, torusGrid, peerSeconds, rng, unit, cores }) {
  say(`\n# precision float32 vs float64 on the 64×64 torus product grid (B3's, ${cores} threads), ms`);
  const grid = torusGrid(64, 64);
  const p = 4;
  const d = p + 2;
  const jax = peerSeconds('jax-fused.py', 16000, grid.count, p, 'float32');
  const jaxMs = jax.seconds ? jax.seconds['forward+drift'] * 1e3 : null;
  say(jaxMs === null ? `  JAX float32 skipped: ${jax.error}` : `  JAX float32 fused forward+drift, N = 16000, M = 4096 (dense): ${jaxMs.toFixed(2)} ms`);
  for (const N of [1000, 16000]) {
    const theta = new Float64Array(N * d);
    rng.fillNormal(theta, 0, theta.length);
    const weights = new Float64Array(grid.count).map(() => rng.normal() / grid.count);
    const f = new Float64Array(grid.count);
    const g = new Float64Array(N * d);
    const kernelMs = {};
    const stepMs = {};
    for (const precision of ['float64', 'float32']) {
      const backend = new CpuBackend(undefined, { threads: cores, precision });
      const kernels = backend.compile(unit, N, d);
      kernelMs[precision] = (await timeIt(() => forwardAndDrift(kernels, theta, grid, weights, f, g))) * 1e3;
      await backend.dispose();
      const { engine } = createFlow({ particles: { count: N }, backend: { name: 'cpu', params: { precision } }, flow: { horizon: 1e4 } });
      for (let n = 0; n < 3; n++) await engine.advance();
      stepMs[precision] = (await timeIt(() => engine.advance(), 1500)) * 1e3;
    }
    const vsJax = (ms) => (N === 16000 && jaxMs !== null ? `, ×${(jaxMs / ms).toFixed(2)} JAX float32` : '');
    print({ op: 'precision-grid', N, M: grid.count, kernelFloat64Ms: kernelMs.float64, kernelFloat32Ms: kernelMs.float32, stepFloat64Ms: stepMs.float64, stepFloat32Ms: stepMs.float32, jaxFloat32FusedMs: N === 16000 ? jaxMs : null });
    say(`  N = ${N}: forward+drift float64 ${kernelMs.float64.toFixed(2)}, float32 ${kernelMs.float32.toFixed(2)} (×${(kernelMs.float64 / kernelMs.float32).toFixed(2)}${vsJax(kernelMs.float32)})`);
    say(`  N = ${N}: default-flow step float64 ${stepMs.float64.toFixed(2)}, float32 ${stepMs.float32.toFixed(2)} (×${(stepMs.float64 / stepMs.float32).toFixed(2)}${vsJax(stepMs.float32)})`);
  }
}
