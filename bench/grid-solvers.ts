// npx tsx bench/grid-solvers.ts [--steps 20] [--dense] [--threads N] [--states 41] — the linear solvers of the grid evaluator
// (evaluator.params.solver) on the 41×41×9 Pendulum and MountainCar grids, from the sources:
//  1. one soft policy evaluation (policy, P_π, both solves, Q, W) per solver, the policy moving a
//     little between calls as in a flow (so warm-started GMRES gets its usual advantage), on
//     `--states` nodes per state dimension (default 41);
//  1b. the linear solve alone of `sparse` (assemble I − γP_π, skyline LU, the V and d solves) against
//     SciPy's SuperLU on the same matrix (bench/scipy-splu.py, when python3 imports scipy), and with
//     `node --expose-gc --import tsx bench/grid-solvers.ts` the heap allocated per evaluation;
//  2. the default Pendulum flow (`--set env.name=pendulum`: N = 1000, 41×41×9) in ms per step with
//     `iterative` (the former `auto`) and `auto` (now the sparse skyline LU), the two engines
//     stepped alternately in one process so that load on a shared machine hits both alike.
// Speed is reported, never asserted. `--dense` adds one dense-LU evaluation (S³/3 ≈ 1.6e9 flops);
// `--threads 1` runs the flows on one thread, whose CPU time per step is what one idle core needs.
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { createRandom, type Environment, GridEvaluator, type PolicyNetwork } from '../packages/core/src/index';
import { MountainCarContinuous, Pendulum } from '../packages/environments/src/index';
import { createFlow } from '../packages/mfpg/src/create-flow';
import { solveAgainstScipy } from './grid-solve-peer';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const steps = argument('--steps', 20);
const threads = process.argv.includes('--threads') ? argument('--threads', 1) : undefined;
const withDense = process.argv.includes('--dense');
const nodes = argument('--states', 41);

/** f(s, u) = u·(bias + Σ_c w_c ψ_c(s)) + 0.01·sin(phase·j): a smooth policy that moves with `phase`. */
function movingPolicy(bias: number, weights: readonly number[]): PolicyNetwork & { phase: number } {
  return {
    phase: 0,
    forward(points, out) {
      for (let j = 0; j < points.count; j++) {
        const x = j * points.dim;
        let slope = bias;
        for (let c = 0; c < weights.length; c++) slope += weights[c] * points.data[x + c];
        out[j] = points.data[x + points.dim - 1] * slope + 0.01 * Math.sin(this.phase * (j % 97));
      }
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`load average ${loadavg()[0].toFixed(2)} on this machine\n`);
console.log(`1. one evaluation on the ${nodes}×${nodes}×9 grid (S = ${nodes * nodes}, K = 9), mean ms of 15 calls after one`);
const environments: [string, () => Environment, number, number[]][] = [
  ['pendulum', () => new Pendulum(), 0, [0, -2, -0.5]],
  ['mountain-car-continuous', () => new MountainCarContinuous(), 1, [0, 60]],
];
for (const [name, env, bias, weights] of environments) {
  const rows: string[] = [];
  const perSolver = new Map<string, number>();
  for (const solver of ['sparse', 'preconditioned', 'iterative', ...(withDense ? ['dense'] : [])] as const) {
    const evaluator = new GridEvaluator(env(), { tau: 0.1, statesPerDim: nodes, actionsPerDim: 9, solver });
    const policy = movingPolicy(bias, weights);
    const rng = createRandom(0);
    await evaluator.evaluate(policy, rng); // cold: JIT, and GMRES's first solve from V = 0
    const times: number[] = [];
    for (let call = 1; call <= (solver === 'dense' ? 1 : 15); call++) {
      policy.phase = call * 1e-3;
      const start = performance.now();
      await evaluator.evaluate(policy, rng);
      times.push(performance.now() - start);
    }
    // The mean, not the median: `preconditioned` pays its occasional refactorisations here.
    perSolver.set(solver, times.reduce((sum, time) => sum + time, 0) / times.length);
  }
  const sparse = perSolver.get('sparse') as number;
  for (const [solver, ms] of perSolver) rows.push(`${solver} ${ms.toFixed(1)} (×${(ms / sparse).toFixed(1)} sparse)`);
  console.log(`  ${name}: ${rows.join(', ')}`);
}

console.log(`\n1b. the solve alone (\`sparse\`: assemble, factor, V and d solves), wall ms per call: min / median of 40; SciPy's splu on the same matrix`);
for (const [name, env, bias, weights] of environments) console.log(`  ${name}: ${await solveAgainstScipy(env(), bias, weights, nodes)}`);

if (steps === 0) process.exit(0);
const threadNote = threads === undefined ? 'backend threads: auto' : `backend threads: ${threads}`;
console.log(`\n2. the default Pendulum flow (N = 1000, 41×41×9, ${threadNote}), ${steps} steps after 3 warm-up steps, median ms per step`);
console.log('   (wall: what a user waits, inflated by other load; cpu: CPU time of this process, all its threads)');
const backend = { name: 'cpu', params: threads === undefined ? {} : { threads } };
const flows = (['iterative', 'auto'] as const).map((solver) => ({
  solver,
  engine: createFlow({ env: { name: 'pendulum' }, evaluator: { name: 'grid', params: { solver } }, backend, flow: { horizon: (steps + 3) * 0.05 } }).engine,
  wall: [] as number[],
  cpu: [] as number[],
}));
for (let step = 0; step < steps + 3; step++) {
  for (const flow of flows) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await flow.engine.advance();
    const cpu = process.cpuUsage(cpuStart);
    if (step < 3) continue;
    flow.wall.push(performance.now() - start);
    flow.cpu.push((cpu.user + cpu.system) / 1000);
  }
}
for (const measure of ['wall', 'cpu'] as const) {
  const [iterative, auto] = flows.map((flow) => median(flow[measure]));
  console.log(`  ${measure}: iterative (GMRES) ${iterative.toFixed(1)}, auto (sparse LU) ${auto.toFixed(1)}: ×${(iterative / auto).toFixed(2)} faster`);
}
console.log(`  load average now ${loadavg()[0].toFixed(2)}`);
process.exit(0);
