// npm run bench — throughput of the CPU particle kernels and the split of one default step.
// Speed is reported as ratios against a baseline measured in the same process (the generic kernels,
// which call unit.value / unit.addGradient pair by pair with Math.tanh), never as absolute pass/fail.
// Needs the built packages (npm ci builds them; otherwise `npm run build`).
import 'reflect-metadata';
import {
  CpuBackend, createFlow, createRandom, Evaluator, Integrator, NeuronUnit, ParameterPrior, ParticleBackend, TanhActivation, Unit,
} from 'mfpg';
import { genericDriftKernel, genericForwardKernel } from '@mfpg/backend-cpu';

const json = process.argv.includes('--json');
const print = (row) => (json ? console.log(JSON.stringify(row)) : null);

function timeIt(fn, minMs = 300) {
  fn(); // warm-up (JIT)
  let runs = 0;
  const start = performance.now();
  do { fn(); runs++; } while (performance.now() - start < minMs);
  return (performance.now() - start) / runs / 1000; // seconds per call
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

const rng = createRandom(1);
const unit = new NeuronUnit(new TanhActivation(), 3);
const backend = new CpuBackend();

console.log(json ? '' : '# CPU backend kernels (float64), pairs/s; baseline = generic per-pair kernels with Math.tanh');
for (const [label, N, points] of [
  ['general points', 4096, randomPoints(4096, 4, rng)],
  ['product grid 64×64', 4096, torusGrid(64, 64)],
  ['product grid 64×64', 1000, torusGrid(64, 64)],
]) {
  const d = 6;
  const theta = new Float64Array(N * d);
  rng.fillNormal(theta, 0, theta.length);
  const f = new Float64Array(points.count);
  const weights = new Float64Array(points.count).map(() => rng.normal() / points.count);
  const g = new Float64Array(N * d);
  const fused = backend.compile(unit, N, d);
  const pairs = N * points.count;
  const forward = timeIt(() => fused.forward(theta, points, f));
  const both = timeIt(() => { fused.forward(theta, points, f); fused.drift(theta, points, weights, g); });
  const plainPoints = { count: points.count, dim: points.dim, data: points.data };
  const baseForward = timeIt(() => genericForwardKernel(unit, N, d)(theta, plainPoints, f), 200);
  const baseBoth = timeIt(() => { genericForwardKernel(unit, N, d)(theta, plainPoints, f); genericDriftKernel(unit, N, d)(theta, plainPoints, weights, g); }, 200);
  for (const [op, seconds, base] of [['forward', forward, baseForward], ['forward+drift', both, baseBoth]]) {
    const row = { backend: 'cpu', op, points: label, N, M: points.count, pairsPerSec: pairs / seconds, ratioToBaseline: base / seconds };
    print(row);
    if (!json) console.log(`${op.padEnd(14)} ${label.padEnd(20)} N=${String(N).padEnd(5)} M=${String(points.count).padEnd(5)} ${(row.pairsPerSec / 1e6).toFixed(1).padStart(8)} M pairs/s  ×${row.ratioToBaseline.toFixed(1)} vs generic`);
  }
}

// One step of the default run (B3, N = 1000, 64×64 grid), split into its parts.
const { container, engine } = createFlow();
const evaluator = container.get(Evaluator);
const integrator = container.get(Integrator);
const kernels = container.get(ParticleBackend).compile(container.get(Unit), engine.particleCount, engine.dim);
const prior = container.get(ParameterPrior);
const theta = Float64Array.from(engine.theta);
const drift = new Float64Array(theta.length);
let evaluation = await evaluator.evaluate({ forward: (points, out) => kernels.forward(theta, points, out) }, rng);
const points = evaluation.points;
const f = new Float64Array(points.count);
kernels.forward(theta, points, f);
const cachedNetwork = { forward: (_points, out) => out.set(f) };
const parts = {
  forward: timeIt(() => kernels.forward(theta, points, f)),
  evaluate: timeIt(() => { evaluator.evaluate(cachedNetwork, rng).then((e) => { evaluation = e; }); }),
  drift: timeIt(() => kernels.drift(theta, points, evaluation.weights, drift)),
  integrate: timeIt(() => integrator.step({ theta: Float64Array.from(theta), drift, particleCount: engine.particleCount, dim: engine.dim, dt: 0.05, sigma: 0.5, prior, rng, field: async () => evaluation })),
};
const total = Object.values(parts).reduce((a, b) => a + b, 0);
if (json) print({ op: 'default-step', ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k + 'Ms', v * 1e3])), totalMs: total * 1e3 });
else {
  console.log('\n# one step of the default run (B3, N = 1000, 64×64 grid)');
  for (const [part, seconds] of Object.entries(parts)) console.log(`${part.padEnd(10)} ${(seconds * 1e3).toFixed(2).padStart(8)} ms  ${(100 * seconds / total).toFixed(1).padStart(5)}%`);
  console.log(`${'total'.padEnd(10)} ${(total * 1e3).toFixed(2).padStart(8)} ms  → ${(total * engine.totalSteps).toFixed(1)} s for the ${engine.totalSteps} steps`);
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
}
