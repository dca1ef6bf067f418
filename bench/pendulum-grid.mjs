// npm run bench's Pendulum row: one prepared forward + drift (the split, f_ν, D F) on Pendulum's
// default grid — 41×41 states with features (cos ϑ, sin ϑ, ω) times 9 torques, M = 15129 — at
// N = 1000, float64 (the bits of the default path), against NumPy float64's fused forward + drift
// (bench/numpy-fused.py) on the same N, M and p, run in the same script. NumPy's dense computation
// costs the same wherever the points lie, so its random points stand for the grid.
import { CpuBackend } from 'mfpg';

/** Pendulum's product grid: ϑ on 41 nodes over [−π, π], ω on 41 over [−8, 8], torque on 9 over [−2, 2]. */
function pendulumGrid() {
  const outer = new Float64Array(41 * 41 * 3);
  for (let a = 0; a < 41; a++) {
    for (let b = 0; b < 41; b++) {
      const angle = -Math.PI + (2 * Math.PI * a) / 40;
      outer.set([Math.cos(angle), Math.sin(angle), -8 + (16 * b) / 40], (a * 41 + b) * 3);
    }
  }
  const inner = Float64Array.from({ length: 9 }, (_, k) => -2 + k / 2);
  const data = new Float64Array(outer.length / 3 * 9 * 4);
  for (let o = 0; o < 41 * 41; o++) for (let k = 0; k < 9; k++) data.set([outer[3 * o], outer[3 * o + 1], outer[3 * o + 2], inner[k]], (o * 9 + k) * 4);
  return { count: 41 * 41 * 9, dim: 4, data, product: { outerCount: 41 * 41, outerDim: 3, outer, innerCount: 9, innerDim: 1, inner } };
}

/** Prints the rows; the helpers are run.mjs's, so every time is measured the same way. */
export async function benchPendulumGrid({ say, print, timeIt, forwardAndDrift, peerSeconds, rng, unit, cores }) {
  const grid = pendulumGrid();
  const N = 1000;
  const p = 4;
  const d = p + 2;
  say(`\n# Pendulum's grid (41×41 × 9, M = ${grid.count}), N = ${N}: prepared forward + drift, float64, ms`);
  const numpy = peerSeconds('numpy-fused.py', N, grid.count, p, 'float64');
  const numpyMs = numpy.seconds ? numpy.seconds['forward+drift'] * 1e3 : null;
  say(numpyMs === null ? `  NumPy float64 skipped: ${numpy.error}` : `  NumPy float64 fused forward+drift (dense): ${numpyMs.toFixed(2)}`);
  const theta = new Float64Array(N * d);
  rng.fillNormal(theta, 0, theta.length);
  const weights = new Float64Array(grid.count).map(() => rng.normal() / grid.count);
  const f = new Float64Array(grid.count);
  const g = new Float64Array(N * d);
  for (const threads of [1, cores]) {
    const backend = new CpuBackend(undefined, { threads, precision: 'float64' });
    const kernels = backend.compile(unit, N, d);
    const ms = (await timeIt(() => forwardAndDrift(kernels, theta, grid, weights, f, g))) * 1e3;
    await backend.dispose();
    const ratioToNumpy = numpyMs === null ? null : numpyMs / ms;
    print({ op: 'pendulum-grid', N, M: grid.count, threads, forwardDriftMs: ms, numpyFloat64FusedMs: numpyMs, ratioToNumpy });
    say(`  cpu float64, ${threads} thread${threads === 1 ? '' : 's'}: ${ms.toFixed(2)}${ratioToNumpy === null ? '' : ` (×${ratioToNumpy.toFixed(2)} NumPy float64)`}`);
  }
}
