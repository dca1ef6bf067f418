import type { LogisticForm, ProductStructure } from '@mfpg/core';
import { writeProductGridGradient } from '../kernels/product-grid-gradient';
import { splitPreActivation } from '../kernels/product-grid-pre-activation';
import { fillSplitExponentials } from '../kernels/split-exponentials';

/**
 * The CPU kernels that worker threads run (docs/performance.md, "Threads"). `runShare` runs on the
 * main thread and, bundled with the modules it imports (worker-main.ts → worker-source.generated.ts,
 * `npm run build:worker`), in every worker: the same code, so results do not depend on the thread
 * count. Partitions keep every sum's order: forward splits the points (each f_j sums the particles
 * in index order), drift splits the particles (each particle's sums run over the points in order).
 * The float64 ops call the registry kernels' own WebAssembly functions and helpers
 * (neuron-logistic-general.ts; splitPreActivation, fillSplitExponentials, writeProductGridGradient
 * of the product-grid kernels) and reproduce them bit for bit (threaded-cpu-backend.test.ts).
 * Imports must stay free of @mfpg/core values (types only), or the bundle would carry all of core.
 *
 * Shared memory layout (the pool's WebAssembly memory). control (Int32Array): see CONTROL. Grid ops
 * (1, 2, 7), data (Float64Array): [HEADER | θ (N·d) | outer O·od then inner I·id | weights (M) |
 * out (max(M, N·d)) | exponentials | grid scratch (threads × GRID_SCRATCH(O, I))]: the pair loops
 * run in WebAssembly SIMD (assembly/logistic-product-grid.ts), each share on its own scratch.
 * General-point ops (3, 4) call the WebAssembly functions of assembly/logistic-general.ts on the
 * layout of logisticGeneralLayout, whose byte offsets are in control, the logistic form in
 * data[0..3]. Float32 ops (5, 6) run the WebAssembly SIMD kernels of
 * assembly/neuron-float32.ts on float32 rows whose byte offsets are in control (float32-kernels.ts),
 * including a cache of tanh(z_ij) from the forward for the drift at the same θ and points (the
 * flow's forward → evaluate → drift), as NumPy keeps its N×M tanh array.
 */
export const CONTROL = {
  generation: 0,
  pending: 1,
  op: 2,
  particleCount: 3,
  parameterDim: 4,
  pointCount: 5,
  featureDim: 6,
  outerCount: 7,
  outerDim: 8,
  innerCount: 9,
  innerDim: 10,
  activation: 11,
  threads: 12,
  /** Workers that have started; a worker that fails sets `failed`. */
  ready: 13,
  failed: 14,
  /** float32 activation cache (general points): 0 off, 1 forward writes it, 2 drift reads it. */
  cache: 15,
  /**
   * Float32 and general-point ops: row strides and byte offsets of the regions (float32-kernels.ts,
   * kernels/neuron-logistic-general.ts's logisticGeneralLayout).
   */
  thetaStride: 16,
  pointStride: 17,
  ellsAt: 18,
  thetaAt: 19,
  pointsAt: 20,
  weightsAt: 21,
  outAt: 22,
  scratchAt: 23,
  cacheAt: 24,
  /** Float32 and general-point ops: bytes of memory they use. */
  bytes: 25,
  length: 26,
} as const;

/** Doubles before θ in `data`: [outputBound L]. */
export const HEADER = 1;

export const OP = { gridForward: 1, gridDrift: 2, generalForward: 3, generalDrift: 4, float32Forward: 5, float32Drift: 6, gridSplit: 7, stop: -1 } as const;

/** Activation codes of the grid ops: tanh and σ exactly as TanhActivation/SigmoidActivation. */
export const ACTIVATION = { tanh: 0, sigmoid: 1 } as const;

/** The logistic forms TanhActivation and SigmoidActivation declare (equality tested). */
export const TANH_FORM: LogisticForm = { alpha: 1, beta: -2, gamma: 4, kappa: 2 };
export const SIGMOID_FORM: LogisticForm = { alpha: 0, beta: 1, gamma: 1, kappa: -1 };

/** Offsets of the regions of `data` for the grid op described by `control`. */
export function dataLayout(control: Int32Array): {
  theta: number;
  points: number;
  weights: number;
  out: number;
  length: number;
} {
  const n = control[3];
  const d = control[4];
  const m = control[5];
  const pointsLength = control[7] * control[8] + control[9] * control[10];
  const theta = 1;
  const points = theta + n * d;
  const weights = points + pointsLength;
  const out = weights + m;
  const exponentials = out + Math.max(m, n * d);
  const scratch = exponentials + gridExponentialsLength(n, control[7], control[9]);
  return { theta, points, weights, out, length: scratch + control[12] * gridScratchLength(control[7], control[9]) };
}

/**
 * Doubles of the grid ops' exponentials: per particle a row e^{κ(u_o − s)} (O) then e^{κ(v_i + s)}
 * (I), then one flag per particle (1: the logistic form applies, 0: the direct path).
 */
export function gridExponentialsLength(particleCount: number, outerCount: number, innerCount: number): number {
  return particleCount * (outerCount + innerCount + 1);
}

/** Doubles of one share's grid drift scratch: row slopes interleaved (2O), column slopes interleaved (2I), rSum (2). */
export function gridScratchLength(outerCount: number, innerCount: number): number {
  return 2 * outerCount + 2 * innerCount + 2;
}

/** Bytes of shared memory the op described by `control` uses. */
export function requiredBytes(control: Int32Array): number {
  const op = control[CONTROL.op];
  return op === OP.gridForward || op === OP.gridDrift || op === OP.gridSplit ? 8 * dataLayout(control).length : control[CONTROL.bytes];
}

/** The WebAssembly kernels as runShare uses them (a worker passes its instance's exports). */
interface ShareSimd {
  logisticForward(...args: number[]): void;
  logisticDriftSums(...args: number[]): void;
  neuronFloat32Forward(...args: number[]): void;
  neuronFloat32DriftSums(...args: number[]): void;
  addLogisticTerms(...args: number[]): void;
  logisticDriftSumsPair(...args: number[]): void;
}

/**
 * Runs thread `share` of `control[threads]` on the op in `control`. `scratch` holds the thread's
 * own growable buffers between calls.
 */
export function runShare(
  control: Int32Array,
  data: Float64Array,
  share: number,
  scratch: Record<string, Float64Array>,
  simd: ShareSimd,
): void {
  const op = control[2];
  const n = control[3];
  const d = control[4];
  const m = control[5];
  const p = control[6];
  const activation = control[11];
  const threads = control[12];
  const bound = data[0];
  const grid = op === 1 || op === 2 || op === 7;
  const pointsLength = control[7] * control[8] + control[9] * control[10];
  const thetaAt = 1;
  const pointsAt = thetaAt + n * d;
  const weightsAt = pointsAt + pointsLength;
  const outAt = weightsAt + m;
  const cacheMode = control[15];
  const range = (count: number) => [Math.floor((count * share) / threads), Math.floor((count * (share + 1)) / threads)];
  const grow = (name: string, length: number) => {
    if (scratch[name] === undefined || scratch[name].length < length) scratch[name] = new Float64Array(length);
    return scratch[name];
  };
  const ell = (c: number) => (bound === Infinity ? c : bound * Math.tanh(c / bound));
  const tanhSlope = (z: number) => {
    const e = Math.exp(-2 * Math.abs(z));
    const s = 1 + e;
    return (4 * e) / (s * s);
  };
  const ellSlope = (c: number) => (bound === Infinity ? 1 : tanhSlope(c / bound));
  const value = (z: number) => {
    if (activation === 0) return Math.tanh(z);
    const e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  };
  const slope = (z: number) => {
    if (activation === 0) return tanhSlope(z);
    const e = Math.exp(-Math.abs(z));
    const s = 1 + e;
    return e / (s * s);
  };
  // The built-in logistic forms (TanhActivation, SigmoidActivation): ϱ = α + β/(1 + e^{κz}).
  const form = activation === 0 ? TANH_FORM : SIGMOID_FORM;
  const { alpha, beta, gamma } = form;

  if (op === 5) {
    // Float32 forward over blocks of four points (assembly/neuron-float32.ts).
    const [b0, b1] = range(control[17] / 4);
    simd.neuronFloat32Forward(n, p, control[18], control[19], control[16], control[20], control[17], 4 * b0, 4 * b1, control[22], cacheMode === 1 ? control[24] : 0);
  } else if (op === 6) {
    // Float32 drift sums over particles, each share with its own row of slopes.
    const [i0, i1] = range(n);
    simd.neuronFloat32DriftSums(i0, i1, p, control[19], control[16], control[20], control[17], control[21], cacheMode === 2 ? control[24] : 0, control[23] + 4 * share * control[17], control[22]);
  } else if (op === 3) {
    // General forward over point pairs (kernels/neuron-logistic-general.ts, assembly/logistic-general.ts).
    const [b0, b1] = range(control[17] / 2);
    simd.logisticForward(n, d, p, control[18], control[19], control[20], control[17], 2 * b0, 2 * b1, control[22], data[0], data[1], data[3]);
  } else if (op === 4) {
    // General drift sums over particles [i0, i1), each share on its own scratch (logisticGeneralLayout).
    const [i0, i1] = range(n);
    const scratchBytes = 32 * (p + 1 + control[17]);
    simd.logisticDriftSums(i0, i1, d, p, control[19], control[20], control[17], control[21], control[23] + share * scratchBytes, control[22], data[0], data[1], data[2], data[3]);
  } else if (grid) {
    // Product grids (neuron-logistic-product-grid-*.ts). Op 7 fills, for particles [i0, i1), the
    // exponentials region (gridExponentialsLength): both the forward (op 1) and the drift (op 2)
    // read it, so each particle's u, v and exponentials are computed once per θ, by one thread.
    const outerCount = control[7];
    const outerDim = control[8];
    const innerCount = control[9];
    const innerDim = control[10];
    const outerAt = pointsAt;
    const innerAt = pointsAt + outerCount * outerDim;
    const rowLength = outerCount + innerCount;
    const exponentialsAt = outAt + Math.max(m, n * d);
    const flagsAt = exponentialsAt + n * rowLength;
    const scratchAt = exponentialsAt + n * (rowLength + 1) + share * (2 * outerCount + 2 * innerCount + 2);
    const u = grow('u', outerCount);
    const v = grow('v', innerCount);
    const eu = grow('eu', outerCount);
    const ev = grow('ev', innerCount);
    // Private copies of θ and the grid factors: V8's loops read shared memory markedly slower.
    const theta = grow('theta', n * d);
    for (let k = 0; k < n * d; k++) theta[k] = data[thetaAt + k];
    const outerPoints = grow('outer', outerCount * outerDim);
    for (let k = 0; k < outerCount * outerDim; k++) outerPoints[k] = data[outerAt + k];
    const innerPoints = grow('inner', innerCount * innerDim);
    for (let k = 0; k < innerCount * innerDim; k++) innerPoints[k] = data[innerAt + k];
    // The registry kernels' own helpers (bundled into the workers), on this thread's private copies.
    const factors: ProductStructure = { outerCount, outerDim, outer: outerPoints, innerCount, innerDim, inner: innerPoints };
    const split = (i: number): boolean => {
      splitPreActivation(theta, i * d, factors, u, v);
      return fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev);
    };
    const rowAt = (i: number) => exponentialsAt + i * rowLength;
    if (op === 7) {
      const [i0, i1] = range(n);
      for (let i = i0; i < i1; i++) {
        const ok = split(i);
        data[flagsAt + i] = ok ? 1 : 0;
        if (!ok) continue;
        const row = rowAt(i);
        for (let o = 0; o < outerCount; o++) data[row + o] = eu[o];
        for (let k = 0; k < innerCount; k++) data[row + outerCount + k] = ev[k];
      }
    } else if (op === 1) {
      // Grid forward over outer rows [o0, o1): neuron-logistic-product-grid-forward.ts.
      const [o0, o1] = range(outerCount);
      for (let j = o0 * innerCount; j < o1 * innerCount; j++) data[outAt + j] = 0;
      let constant = 0;
      for (let i = 0; i < n; i++) {
        const weight = ell(theta[i * d]);
        if (data[flagsAt + i] === 0) {
          split(i);
          for (let o = o0, row = outAt + o0 * innerCount; o < o1; o++, row += innerCount) {
            const uo = u[o];
            for (let k = 0; k < innerCount; k++) data[row + k] += weight * value(uo + v[k]);
          }
          continue;
        }
        constant += alpha * weight;
        const row = rowAt(i);
        simd.addLogisticTerms(beta * weight, 8 * (row + o0), o1 - o0, 8 * (row + outerCount), innerCount, 8 * (outAt + o0 * innerCount));
      }
      const scale = 1 / n;
      for (let j = o0 * innerCount; j < o1 * innerCount; j++) data[outAt + j] = (data[outAt + j] + constant) * scale;
    } else {
      // Grid drift over particles [i0, i1): neuron-logistic-product-grid-drift.ts, two particles per
      // SIMD call (one per lane) as there.
      const rowSlope = grow('rowSlope', outerCount);
      const columnSlope = grow('columnSlope', innerCount);
      const rowSlopeAt = scratchAt;
      const columnSlopeAt = rowSlopeAt + 2 * outerCount;
      const rSumAt = columnSlopeAt + 2 * innerCount;
      let weightSum = 0;
      for (let j = 0; j < m; j++) weightSum += data[weightsAt + j];
      const writeGradient = (i: number, valueSum: number, g: number) => {
        const c = theta[i * d];
        writeProductGridGradient(factors, outAt + i * d, ellSlope(c), valueSum, g * ell(c), rowSlope, columnSlope, data);
      };
      const runLanes = (a: number, b: number) =>
        simd.logisticDriftSumsPair(
          8 * rowAt(a), 8 * rowAt(b), 8 * (rowAt(a) + outerCount), 8 * (rowAt(b) + outerCount),
          outerCount, innerCount, 8 * weightsAt, 8 * rowSlopeAt, 8 * columnSlopeAt, 8 * rSumAt,
        );
      const finishLane = (lane: number, i: number) => {
        for (let o = 0; o < outerCount; o++) rowSlope[o] = data[rowSlopeAt + 2 * o + lane];
        for (let k = 0; k < innerCount; k++) columnSlope[k] = data[columnSlopeAt + 2 * k + lane];
        writeGradient(i, alpha * weightSum + beta * data[rSumAt + lane], gamma);
      };
      const [i0, i1] = range(n);
      /** The particle waiting for a partner in lane 1 (−1: none). */
      let pending = -1;
      for (let i = i0; i < i1; i++) {
        if (data[flagsAt + i] !== 0) {
          if (pending < 0) {
            pending = i;
            continue;
          }
          runLanes(pending, i);
          finishLane(0, pending);
          finishLane(1, i);
          pending = -1;
          continue;
        }
        split(i);
        for (let k = 0; k < innerCount; k++) columnSlope[k] = 0;
        let valueSum = 0;
        for (let o = 0, row = weightsAt; o < outerCount; o++, row += innerCount) {
          const uo = u[o];
          let slopeSum = 0;
          for (let k = 0; k < innerCount; k++) {
            const z = uo + v[k];
            const w = data[row + k];
            valueSum += w * value(z);
            const s = w * slope(z);
            slopeSum += s;
            columnSlope[k] += s;
          }
          rowSlope[o] = slopeSum;
        }
        writeGradient(i, valueSum, 1);
      }
      if (pending >= 0) {
        // An odd particle out: lane 1 repeats it and is ignored.
        runLanes(pending, pending);
        finishLane(0, pending);
      }
    }
  }
}
