// npm run bench — particle-kernel throughput of every backend against NumPy (float32 and float64)
// and, where importable, JAX (float32 and float64) on the same machine, thread scaling of the CPU
// backend, the split of one default step, a user environment with and without declared separable
// features, and a heap probe.
// Needs the built packages (npm run build). `--json` prints one JSON object per measurement.
// Speed is reported, never asserted (docs/performance.md).
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import {
  bindPlugin, ControlledTorus, ControlledTorusParams, CpuBackend, createFlow, createRandom, Evaluator, Integrator, NeuronUnit,
  ParameterPrior, ParticleBackend, RunConfig, TanhActivation, Unit,
} from 'mfpg';
import { GpuBackend, isGpuModeAvailable } from '@mfpg/backend-gpu';
import { benchPendulumGrid } from './pendulum-grid.mjs';
import { benchPrecisionOnGrid } from './precision-on-grid.mjs';

const json = process.argv.includes('--json');
const print = (row) => (json ? console.log(JSON.stringify(row)) : null);
const say = (text) => (json ? null : console.log(text));
const here = dirname(fileURLToPath(import.meta.url));

/**
 * Seconds per call: one warm-up call (JIT, kernel compilation), then at least 3 calls and minMs; the
 * fastest call, which other processes on a shared machine disturb least (the Python peers report
 * theirs the same way, so ratios compare like with like).
 */
async function timeIt(fn, minMs = 400) {
  await fn();
  let runs = 0;
  let best = Infinity;
  const start = performance.now();
  do {
    const before = performance.now();
    await fn();
    best = Math.min(best, performance.now() - before);
    runs++;
  } while (performance.now() - start < minMs || runs < 3);
  return best / 1000;
}

/**
 * One forward and one drift at the same θ and points, as the engine runs them: on one prepared
 * handle when the kernels have `prepare` (the work the two share is done once), else as they are.
 */
async function forwardAndDrift(kernels, theta, points, weights, f, g) {
  const prepared = kernels.prepare?.(theta, points);
  if (prepared === undefined) {
    await kernels.forward(theta, points, f);
    await kernels.drift(theta, points, weights, g);
    return;
  }
  await prepared.forward(f);
  await prepared.drift(weights, g);
}

function randomPoints(count, dim, rng) {
  const data = new Float64Array(count * dim);
  for (let k = 0; k < data.length; k++) data[k] = 2 * rng.uniform() - 1;
  return { count, dim, data };
}

function torusGrid(states, actions) {
  const outer = new Float64Array(states * 2);
  const inner = new Float64Array(actions * 2);
  for (let i = 0; i < states; i++) { outer[2 * i] = Math.cos(2 * Math.PI * i / states); outer[2 * i + 1] = Math.sin(2 * Math.PI * i / states); }
  for (let k = 0; k < actions; k++) { inner[2 * k] = Math.cos(2 * Math.PI * k / actions); inner[2 * k + 1] = Math.sin(2 * Math.PI * k / actions); }
  const data = new Float64Array(states * actions * 4);
  for (let i = 0; i < states; i++) for (let k = 0; k < actions; k++) data.set([outer[2 * i], outer[2 * i + 1], inner[2 * k], inner[2 * k + 1]], (i * actions + k) * 4);
  return { count: states * actions, dim: 4, data, product: { outerCount: states, outerDim: 2, outer, innerCount: actions, innerDim: 2, inner } };
}

/**
 * Seconds per call of forward and forward+drift of a Python peer (`script`: numpy-fused.py or
 * jax-fused.py) in `dtype`, or { error } (python3, NumPy or JAX missing: the column is skipped).
 */
function peerSeconds(script, N, M, p, dtype) {
  const result = spawnSync('python3', [join(here, script), String(N), String(M), String(p), '0.5', dtype], { encoding: 'utf8' });
  if (result.status !== 0) return { error: (result.error?.message ?? result.stderr ?? '').trim().split('\n').at(-1) };
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

const rng = createRandom(1);
const unit = new NeuronUnit(new TanhActivation(), 3);
const cores = availableParallelism();
const backends = [
  ['cpu (float64, 1 thread)', new CpuBackend(undefined, { threads: 1, precision: 'float64' })],
  [`cpu (float64, ${cores} threads)`, new CpuBackend(undefined, { threads: cores, precision: 'float64' })],
  ['cpu (float32, 1 thread)', new CpuBackend(undefined, { threads: 1, precision: 'float32' })],
  [`cpu (float32, ${cores} threads)`, new CpuBackend(undefined, { threads: cores, precision: 'float32' })],
  ...['webasm', 'headlessgl', 'webgl2', 'cpu'].filter(isGpuModeAvailable).map((mode) => [`gpu:${mode}`, new GpuBackend({ mode })]),
];
/** gpu.js cpu mode is a transpiled-JS reference (~30 M pairs/s): only the smallest size. */
const skip = (label, N) => label === 'gpu:cpu' && N > 1024;

say(`# fused neuron kernels on general points, d = 6 (tanh, L = 3), pairs/s = N·M / seconds per call`);
say(`# ${cores} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes slow every column alike)`);
say(`# ratios: cpu float64 rows against NumPy float64, float32 rows (and gpu) against NumPy float32, same run`);
const p = 4;
const d = p + 2;
const peers = [
  ['numpy-float32', 'numpy-fused.py', 'float32'],
  ['numpy-float64', 'numpy-fused.py', 'float64'],
  ['jax-float32', 'jax-fused.py', 'float32'],
  ['jax-float64', 'jax-fused.py', 'float64'],
];
const mpairs = (pairs, seconds) => (pairs / seconds / 1e6).toFixed(1);
for (const [N, M] of [[1024, 1024], [4096, 4096], [16384, 4096]]) {
  const theta = new Float64Array(N * d);
  rng.fillNormal(theta, 0, theta.length);
  const points = randomPoints(M, p, rng);
  const weights = new Float64Array(M).map(() => rng.normal() / M);
  const f = new Float64Array(M);
  const g = new Float64Array(N * d);
  const pairs = N * M;
  say(`\nN = ${N}, M = ${M}`);
  const peerResults = {};
  for (const [label, script, dtype] of peers) {
    const peer = peerSeconds(script, N, M, p, dtype);
    peerResults[label] = peer.seconds;
    if (!peer.seconds) {
      say(`  ${label.padEnd(26)} skipped: ${peer.error}`);
      continue;
    }
    for (const op of ['forward', 'forward+drift']) {
      const numpy = peerResults[`numpy-${dtype}`];
      const ratioToNumpy = numpy ? numpy[op] / peer.seconds[op] : null;
      print({ backend: label, op, N, M, pairsPerSec: pairs / peer.seconds[op], ratioToNumpy });
      say(`  ${label.padEnd(26)} ${op.padEnd(14)} ${mpairs(pairs, peer.seconds[op]).padStart(8)} M pairs/s` + (ratioToNumpy === null || label.startsWith('numpy') ? '' : `  ×${ratioToNumpy.toFixed(2)} NumPy ${dtype}`));
    }
  }
  for (const [label, backend] of backends) {
    if (skip(label, N)) continue;
    const kernels = backend.compile(unit, N, d);
    const forward = await timeIt(() => kernels.forward(theta, points, f));
    const both = await timeIt(() => forwardAndDrift(kernels, theta, points, weights, f, g));
    const peerDtype = label.includes('float64') ? 'float64' : 'float32';
    for (const [op, seconds] of [['forward', forward], ['forward+drift', both]]) {
      const numpy = peerResults[`numpy-${peerDtype}`];
      const jax = peerResults[`jax-${peerDtype}`];
      const ratioToNumpy = numpy ? numpy[op] / seconds : null;
      const ratioToJax = jax ? jax[op] / seconds : null;
      print({ backend: label, op, N, M, pairsPerSec: pairs / seconds, ratioToNumpy, numpyDtype: peerDtype, ratioToJax });
      say(`  ${label.padEnd(26)} ${op.padEnd(14)} ${mpairs(pairs, seconds).padStart(8)} M pairs/s` +
        (ratioToNumpy === null ? '' : `  ×${ratioToNumpy.toFixed(2)} NumPy ${peerDtype}`) +
        (ratioToJax === null ? '' : `  ×${ratioToJax.toFixed(2)} JAX ${peerDtype}`));
    }
  }
}

// Thread scaling of the float64 product-grid kernels (the default run's 64×64 grid).
say(`\n# cpu float64 on the 64×64 torus product grid (the default run's kernels), N = 1000: thread scaling`);
{
  const grid = torusGrid(64, 64);
  const N = 1000;
  const theta = new Float64Array(N * d);
  rng.fillNormal(theta, 0, theta.length);
  const weights = new Float64Array(grid.count).map(() => rng.normal() / grid.count);
  const f = new Float64Array(grid.count);
  const g = new Float64Array(N * d);
  let single;
  for (const threads of [...new Set([1, 2, cores])]) {
    const kernels = new CpuBackend(undefined, { threads, precision: 'float64' }).compile(unit, N, d);
    const seconds = await timeIt(() => forwardAndDrift(kernels, theta, grid, weights, f, g));
    single ??= seconds;
    print({ backend: `cpu (float64, ${threads} threads)`, op: 'forward+drift', points: 'product grid 64×64', N, M: grid.count, pairsPerSec: N * grid.count / seconds, speedup: single / seconds });
    say(`  threads ${threads}: ${(seconds * 1e3).toFixed(2)} ms per forward+drift, ×${(single / seconds).toFixed(2)} vs 1 thread`);
  }
}

await benchPrecisionOnGrid({ say, print, timeIt, forwardAndDrift, torusGrid, peerSeconds, rng, unit, cores });
await benchPendulumGrid({ say, print, timeIt, forwardAndDrift, peerSeconds, rng, unit, cores });

// One step of the default run (B3, N = 1000, 64×64 grid), split into its parts.
const { container, engine } = createFlow();
const evaluator = container.get(Evaluator);
const integrator = container.get(Integrator);
const backend = container.get(ParticleBackend);
const kernels = backend.compile(container.get(Unit), engine.particleCount, engine.dim);
const prior = container.get(ParameterPrior);
const theta = Float64Array.from(engine.theta);
const drift = new Float64Array(theta.length);
let evaluation = await evaluator.evaluate({ forward: (points, out) => kernels.forward(theta, points, out) }, rng);
const points = evaluation.points;
const f = new Float64Array(points.count);
kernels.forward(theta, points, f);
const cachedNetwork = { forward: (_points, out) => out.set(f) };
const stepTheta = Float64Array.from(theta);
// As the engine runs them: the forward prepares the kernels at (θ, points), the drift runs on that
// handle (what the two share, e.g. the grid's split exponentials, is counted in the forward).
let prepared;
const parts = {
  forward: await timeIt(() => {
    prepared = kernels.prepare(theta, points);
    return prepared.forward(f);
  }),
  evaluate: await timeIt(async () => { evaluation = await evaluator.evaluate(cachedNetwork, rng); }),
  drift: await timeIt(() => prepared.drift(evaluation.weights, drift)),
  integrate: await timeIt(() => { stepTheta.set(theta); return integrator.step({ theta: stepTheta, drift, particleCount: engine.particleCount, dim: engine.dim, dt: 0.05, sigma: 0.5, prior, rng, field: async () => evaluation }); }),
};
const total = Object.values(parts).reduce((a, b) => a + b, 0);
const describe = backend.describe?.() ?? backend.name;
if (json) print({ op: 'default-step', backend: describe, ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k + 'Ms', v * 1e3])), totalMs: total * 1e3 });
else {
  console.log(`\n# one step of the default run (B3, N = 1000, 64×64 grid; backend ${describe})`);
  for (const [part, seconds] of Object.entries(parts)) console.log(`${part.padEnd(10)} ${(seconds * 1e3).toFixed(2).padStart(8)} ms  ${(100 * seconds / total).toFixed(1).padStart(5)}%`);
  console.log(`${'total'.padEnd(10)} ${(total * 1e3).toFixed(2).padStart(8)} ms  → ${(total * engine.totalSteps).toFixed(1)} s for the ${engine.totalSteps} steps`);
}

// A user environment: the default run's B3 registered again without its declared separable features
// (as a user's own environment that declares none). Its features still split, so the grid evaluator
// infers the product structure and the same kernels run (target: step time ≤ 2× the built-in). A
// second copy also interleaves the coordinates, x = (cos 2πs, cos 2πa, sin 2πs, sin 2πa), which no
// longer split in order: the general-point SIMD kernels run instead (the cost of features that do not
// factorise; same flow up to a relabelling of the weights).
say(`\n# user environment: B3 (N = 1000, 64×64 grid, default backend) with and without separableFeatures`);
{
  class UndeclaredTorus extends ControlledTorus {
    separableFeatures = undefined;
  }
  class InterleavedTorus extends UndeclaredTorus {
    scratch = new Float64Array(4);
    features(s, a, out, offset) {
      super.features(s, a, this.scratch, 0);
      out[offset] = this.scratch[0];
      out[offset + 1] = this.scratch[2];
      out[offset + 2] = this.scratch[1];
      out[offset + 3] = this.scratch[3];
    }
  }
  const userEnvironments = new ContainerModule((options) => {
    for (const [name, Environment] of [['user-torus', UndeclaredTorus], ['user-torus-interleaved', InterleavedTorus]]) {
      bindPlugin(
        options,
        { point: 'environment', name, description: 'B3 without separableFeatures (bench)', params: ControlledTorusParams },
        { useFactory: (context) => new Environment(ControlledTorusParams.parse(context.get(RunConfig).env.params ?? {})) },
      );
    }
  });
  const stepSeconds = async (envName) => {
    const flowConfig = { flow: { horizon: 1e4 }, ...(envName ? { env: { name: envName } } : {}) };
    const engine = createFlow(flowConfig, { modules: [userEnvironments] }).engine;
    for (let n = 0; n < 3; n++) await engine.advance();
    return timeIt(() => engine.advance(), 1500);
  };
  const withFeatures = await stepSeconds(undefined);
  const inferred = await stepSeconds('user-torus');
  const general = await stepSeconds('user-torus-interleaved');
  print({ op: 'user-environment-step', withSeparableMs: withFeatures * 1e3, withoutSeparableMs: inferred * 1e3, ratio: inferred / withFeatures, notSplittingMs: general * 1e3, notSplittingRatio: general / withFeatures });
  say(`  declared separableFeatures     ${(withFeatures * 1e3).toFixed(2)} ms per step`);
  say(`  none declared (inferred)       ${(inferred * 1e3).toFixed(2)} ms per step: ×${(inferred / withFeatures).toFixed(2)}`);
  say(`  none, features do not split   ${(general * 1e3).toFixed(2)} ms per step: ×${(general / withFeatures).toFixed(2)} (general-point SIMD kernels)`);
}

// Allocation probe: heap growth over 1000 steps of a small flow (should stay flat).
if (globalThis.gc) {
  const small = createFlow({ particles: { count: 200 }, env: { grid: { states: 16, actions: 16 } }, flow: { horizon: 1100 * 0.05 } }).engine;
  for (let n = 0; n < 50; n++) await small.advance();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let n = 0; n < 1000; n++) await small.advance();
  globalThis.gc();
  const grown = process.memoryUsage().heapUsed - before;
  if (json) print({ op: 'heap-growth-1000-steps', bytes: grown });
  else console.log(`\nheap growth over 1000 steps (N = 200, 16×16): ${(grown / 1024).toFixed(1)} KiB`);
  // The general-point kernels (Monte Carlo points, features that do not split): 1000 forward + drift calls.
  for (const threads of [1, cores]) {
    const kernels = new CpuBackend(undefined, { threads, precision: 'float64', minParallelPairs: 1 }).compile(unit, 200, d);
    const theta = new Float64Array(200 * d);
    rng.fillNormal(theta, 0, theta.length);
    const points = randomPoints(512, p, rng);
    const weights = new Float64Array(512).fill(1 / 512);
    const f = new Float64Array(512);
    const g = new Float64Array(200 * d);
    for (let n = 0; n < 50; n++) await forwardAndDrift(kernels, theta, points, weights, f, g);
    globalThis.gc();
    const start = process.memoryUsage().heapUsed;
    for (let n = 0; n < 1000; n++) await forwardAndDrift(kernels, theta, points, weights, f, g);
    globalThis.gc();
    const growth = process.memoryUsage().heapUsed - start;
    if (json) print({ op: 'heap-growth-1000-general-calls', threads, bytes: growth });
    else console.log(`heap growth over 1000 general-point forward + drift calls (N = 200, M = 512, ${threads} thread${threads === 1 ? '' : 's'}): ${(growth / 1024).toFixed(1)} KiB`);
  }
}
for (const [, b] of backends) await b.dispose?.();
process.exit(0);
