// npx tsx bench/grid-refinement.ts [--particles 1000] [--threads N] [--precision float64|float32] [--load RUN/particles.json]
// — one evaluation of the `grid-refinement` metric on the Pendulum preset's refined grid
// (81×81 states × 17 torques = 111 537 points, normalised features, unbounded output weights), from
// the sources. Times the network on the refined points pair by pair through Unit.value (the metric
// before, N·M' calls) and through the run's backend kernels (now: product-grid kernels), checks
// they agree, and times the refined soft Bellman solve both share. Speed is reported, never asserted.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { discretizeEnvironment, ParticleBackend, SoftBellmanSolver, Unit } from '../packages/core/src/index';
import { createFlow } from '../packages/mfpg/src/create-flow';
import { RefinedForward } from '../packages/monitor/src/metrics/refined-forward';

const argument = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const particles = Number(argument('--particles', '1000'));
const threads = argument('--threads', 'auto');
const precision = argument('--precision', 'float64');
const load = argument('--load', '');

const { engine, container } = createFlow({
  env: { name: 'pendulum', params: { featureScaling: 'normalized' }, grid: { states: 41, actions: 17 } },
  policy: { outputBound: null },
  regularization: { tau: 0.1, sigma: 0.1, s0: 3 },
  particles: { count: particles },
  backend: { name: 'cpu', params: { threads: threads === 'auto' ? 'auto' : Number(threads), precision } },
});
if (load !== '') engine.theta.set((JSON.parse(readFileSync(load, 'utf8')) as { theta: number[][] }).theta.flat());
const unit = container.get<Unit>(Unit);
const backend = container.get<ParticleBackend>(ParticleBackend);
const discretization = discretizeEnvironment(engine.env, 81, 17);
const points = discretization.points;
const { theta, particleCount, dim } = engine;

console.log(`load average ${loadavg()[0].toFixed(2)}; ${backend.describe?.() ?? backend.name}; N = ${particleCount}, M' = ${points.count} (81²×17${points.product ? ', product grid' : ''})`);
console.log(`particles: ${load === '' ? 'the initial law (s0 = 3)' : load}\n`);

const time = (work: () => void): number => {
  const start = performance.now();
  work();
  return performance.now() - start;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const loop = new Float64Array(points.count);
const kernels = new Float64Array(points.count);
const unitLoop = new RefinedForward(unit, points);
const onBackend = new RefinedForward(unit, points, backend);
const loopMs = time(() => unitLoop.evaluate(theta, particleCount, dim, loop));
onBackend.evaluate(theta, particleCount, dim, kernels); // compile, JIT, memory
const kernelMs = median(Array.from({ length: 5 }, () => time(() => onBackend.evaluate(theta, particleCount, dim, kernels))));
let worst = 0;
let scale = 0;
for (let j = 0; j < points.count; j++) {
  worst = Math.max(worst, Math.abs(kernels[j] - loop[j]));
  scale = Math.max(scale, Math.abs(loop[j]));
}
const solver = new SoftBellmanSolver(discretization.mdp, 0.1);
let value = 0;
const solveMs = time(() => (value = solver.evaluate(kernels)));
const solveAgainMs = time(() => solver.evaluate(loop));
const ms = (x: number) => `${x.toFixed(0).padStart(7)} ms`;
console.log(`f on the refined points, Unit.value pair by pair (before) ${ms(loopMs)}`);
console.log(`f on the refined points, backend kernels (now, median of 5) ${ms(kernelMs)}   ×${(loopMs / kernelMs).toFixed(0)} faster; max |Δf| = ${worst.toExponential(2)} (max |f| = ${scale.toFixed(2)})`);
console.log(`refined soft Bellman solve (${solver.solverKind}, S = ${discretization.mdp.stateCount}), first / second ${ms(solveMs)} / ${ms(solveAgainMs)}`);
console.log(`one metric evaluation: before ${ms(loopMs + solveAgainMs)}, now ${ms(kernelMs + solveAgainMs)}   ×${((loopMs + solveAgainMs) / (kernelMs + solveAgainMs)).toFixed(1)} faster (F = ${value.toFixed(3)})`);
console.log(`load average now ${loadavg()[0].toFixed(2)}`);
process.exit(0);
