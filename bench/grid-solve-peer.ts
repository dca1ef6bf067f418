// bench/grid-solvers.ts §1b: the `sparse` solver's linear algebra alone — assemble I − γP_π into the
// skyline, factor, solve for V and for d — timed against SciPy's SuperLU on the same matrix, and the
// heap one grid evaluation allocates. Speed is reported, never asserted.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../packages/core/src/index';
import { chooseBellmanSolver } from '../packages/core/src/evaluators/bellman-solver-choice';
import { discretizeEnvironment } from '../packages/core/src/evaluators/discretize-environment';
import { SoftBellmanSolver } from '../packages/core/src/evaluators/soft-bellman-solver';

const CALLS = 40;
const here = dirname(fileURLToPath(import.meta.url));

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${sorted[0].toFixed(2)} / ${sorted[sorted.length >> 1].toFixed(2)}`;
}

/** One line: our solve's min / median ms, SciPy's, the ratios, and the allocation probe. */
export async function solveAgainstScipy(env: Environment, bias: number, weights: readonly number[], nodes: number): Promise<string> {
  const { mdp, points } = discretizeEnvironment(env, nodes, 9);
  const sparse = mdp.sparseTransition;
  if (sparse === undefined) throw new Error(`${env.id}: no interpolated kernel`);
  const S = mdp.stateCount;
  // The policy of §1 at phase 0, through the evaluator, for its masses p_ik.
  const f = new Float64Array(points.count);
  for (let j = 0; j < points.count; j++) {
    const x = j * points.dim;
    let slope = bias;
    for (let c = 0; c < weights.length; c++) slope += weights[c] * points.data[x + c];
    f[j] = points.data[x + points.dim - 1] * slope;
  }
  const evaluator = new SoftBellmanSolver(mdp, 0.1, { solver: 'sparse' });
  evaluator.evaluate(f);
  const p = evaluator.policyMass;
  const { skyline, transitionSlots, diagonalSlots } = chooseBellmanSolver(mdp, 'sparse');
  if (skyline === undefined) throw new Error('no skyline factor');
  const b = new Float64Array(S).fill(1);
  const x = new Float64Array(S);
  const rowWidth = mdp.actionCount * sparse.width;
  const times: number[] = [];
  for (let call = 0; call < CALLS + 5; call++) {
    const start = performance.now();
    skyline.clear();
    const entries = skyline.entries;
    for (let i = 0; i < S; i++) {
      entries[diagonalSlots[i]] += 1;
      for (let e = i * rowWidth; e < (i + 1) * rowWidth; e++) entries[transitionSlots[e]] -= mdp.gamma * p[Math.floor(e / sparse.width)] * sparse.values[e];
    }
    skyline.factor();
    skyline.solve(b, x);
    skyline.solveTransposed(b, x);
    if (call >= 5) times.push(performance.now() - start);
  }
  let line = `ours ${summary(times)} (${(skyline.factorCost / 1e6).toFixed(2)}e6 multiply–adds per factor)`;
  const peer = scipyTimes(mdp.gamma, S, rowWidth, sparse, p);
  if (peer !== undefined) {
    const ours = Math.min(...times);
    line += Object.entries(peer).map(([spec, ms]) => `; splu ${spec} ${summary(ms)} (×${(Math.min(...ms) / ours).toFixed(1)} ours)`).join('');
  } else line += '; SciPy not importable, no peer';
  return `${line}${allocationProbe(evaluator, f)}`;
}

/** SciPy's times on the same matrix (row i: 1 on the diagonal, −γ p_ik P[(i,k)→j]; duplicates summed). */
function scipyTimes(gamma: number, S: number, rowWidth: number, sparse: { width: number; columns: Int32Array; values: Float64Array }, p: Float64Array) {
  const rowStart = [0];
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < S; i++) {
    columns.push(i);
    values.push(1);
    for (let e = i * rowWidth; e < (i + 1) * rowWidth; e++) {
      columns.push(sparse.columns[e]);
      values.push(-gamma * p[Math.floor(e / sparse.width)] * sparse.values[e]);
    }
    rowStart.push(columns.length);
  }
  const input = JSON.stringify({ n: S, rowStart, columns, values, calls: CALLS });
  const run = spawnSync('python3', [join(here, 'scipy-splu.py')], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  return run.status === 0 ? (JSON.parse(run.stdout) as Record<string, number[]>) : undefined;
}

/** With --expose-gc: bytes allocated per SoftBellmanSolver.evaluate over 200 calls (no collection between). */
function allocationProbe(evaluator: SoftBellmanSolver, f: Float64Array): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return '';
  for (let call = 0; call < 100; call++) evaluator.evaluate(f);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let call = 0; call < 200; call++) evaluator.evaluate(f);
  return `; heap allocated per evaluation ${((process.memoryUsage().heapUsed - before) / 200).toFixed(0)} bytes`;
}
