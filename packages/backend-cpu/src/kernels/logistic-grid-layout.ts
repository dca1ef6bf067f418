import type { LogisticForm, ProductStructure } from '@mfpg/core';
import type { CpuPrecision } from '../kernel-registry';
import type { ShareCall } from '../threads/share-kernel';
import { writeArguments, writeFormArguments } from './call-arguments';

/**
 * Arguments of the product-grid logistic share kernels (ShareHeader.args): sizes, the float64
 * offsets of logisticGridLayout's regions, and the logistic form.
 */
export const GRID_ARG = {
  n: 0, d: 1, outerCount: 2, outerDim: 3, innerCount: 4, innerDim: 5, pointCount: 6,
  theta: 7, outer: 8, inner: 9, ells: 10, ellSlopes: 11, weights: 12, out: 13, exponentials: 14, flags: 15, scratch: 16,
  alpha: 17, beta: 18, gamma: 19, kappa: 20,
  float32: 21, innerStride: 22, weights32: 23, out32: 24, scratchLength: 25,
} as const;

/** Float64 offsets of the regions in the runner's memory. */
export interface LogisticGridLayout {
  /** θ (N·d), the outer factor (O·od), the inner factor (I·id), ℓ(c_i) (N), ℓ'(c_i) (N). */
  readonly theta: number;
  readonly outer: number;
  readonly inner: number;
  readonly ells: number;
  readonly ellSlopes: number;
  /** W (M), then the output (max(M, N·d)). */
  readonly weights: number;
  readonly out: number;
  /**
   * Per particle a row e^{κ(u_o − s)} (O) then e^{κ(v_i + s)} (I, or innerStride in float32, padded
   * with 0); then one flag per particle (1: split, 0: pair by pair).
   */
  readonly exponentials: number;
  readonly flags: number;
  /** Whether the exponentials are float32 and the float32 regions exist. */
  readonly float32: boolean;
  /** float32: the inner rows' length, I rounded up to a multiple of 4; float64: I. */
  readonly innerStride: number;
  /** float32 only (else empty): W and the forward's sums as O rows of innerStride floats. */
  readonly weights32: number;
  readonly out32: number;
  /**
   * Per share (shareScratch): row slopes interleaved (2O), column slopes interleaved (2I), e^{κv}
   * of two particles interleaved (2I), 2 + CONSTANT_TABLE_DOUBLES spare; in float32, row slopes (O
   * floats) and column slopes (innerStride floats), which fit the same doubles. The split's
   * constants, u and v (CONSTANT_TABLE_DOUBLES + O + I + 1) fit too.
   */
  readonly scratch: number;
  readonly scratchLength: number;
  /** Doubles in all. */
  readonly length: number;
}

const even = (count: number) => count + (count & 1);

/**
 * Doubles a share's scratch reserves for a kernel's table of constants: the float64 split writes
 * expV8's (assembly/exp-v8.ts, EXP_TABLE_BYTES = 136 bytes) before its u and v.
 */
const CONSTANT_TABLE_DOUBLES = 18;

/** Doubles holding `count` floats, rounded up to an even count (16-byte alignment). */
const floats = (count: number) => even(Math.ceil(count / 2));

/**
 * The layout for N particles of dimension d on `grid` (M = O·I points), with `shares` threads, its
 * exponentials and the float32 regions in `precision`.
 */
export function logisticGridLayout(n: number, d: number, grid: ProductStructure, shares: number, precision: CpuPrecision): LogisticGridLayout {
  const { outerCount: o, innerCount: i } = grid;
  const m = o * i;
  const float32 = precision === 'float32';
  const innerStride = float32 ? Math.ceil(i / 4) * 4 : i;
  const theta = 0;
  const outer = theta + even(n * d);
  const inner = outer + even(o * grid.outerDim);
  const ells = inner + even(i * grid.innerDim);
  const ellSlopes = ells + even(n);
  const weights = ellSlopes + even(n);
  const out = weights + even(m);
  const exponentials = out + even(Math.max(m, n * d));
  const flags = exponentials + (float32 ? floats(n * (o + innerStride)) : n * (o + i));
  const weights32 = flags + even(n);
  const out32 = weights32 + (float32 ? floats(o * innerStride) : 0);
  const scratch = out32 + (float32 ? floats(o * innerStride) : 0);
  const scratchLength = 2 * o + 4 * i + 2 + CONSTANT_TABLE_DOUBLES;
  return {
    theta, outer, inner, ells, ellSlopes, weights, out, exponentials, flags, float32, innerStride, weights32, out32, scratch, scratchLength,
    length: scratch + shares * scratchLength,
  };
}

/** The layout's regions and sizes that go into a call's arguments under their own names. */
const LAYOUT_KEYS = [
  'theta', 'outer', 'inner', 'ells', 'ellSlopes', 'weights', 'out', 'exponentials', 'flags', 'scratch', 'innerStride', 'weights32', 'out32',
  'scratchLength',
] as const;

/** Writes the call's arguments for `layout`. */
export function describeGridCall(args: Float64Array, n: number, d: number, grid: ProductStructure, layout: LogisticGridLayout, form: LogisticForm): void {
  const a = GRID_ARG;
  args[a.n] = n;
  args[a.d] = d;
  args[a.outerCount] = grid.outerCount;
  args[a.outerDim] = grid.outerDim;
  args[a.innerCount] = grid.innerCount;
  args[a.innerDim] = grid.innerDim;
  args[a.pointCount] = grid.outerCount * grid.innerCount;
  args[a.float32] = layout.float32 ? 1 : 0;
  writeArguments(args, a, layout, LAYOUT_KEYS);
  writeFormArguments(args, a, form);
}

/** The float64 offset of share `share`'s scratch doubles. */
export function shareScratch(args: Float64Array, share: number): number {
  return args[GRID_ARG.scratch] + share * args[GRID_ARG.scratchLength];
}

/** A share's view of a grid call: private copies of θ and the factors, the form, and scratch rows. */
export interface GridShare {
  n: number;
  d: number;
  theta: Float64Array;
  readonly grid: { outerCount: number; outerDim: number; outer: Float64Array; innerCount: number; innerDim: number; inner: Float64Array };
  readonly form: { alpha: number; beta: number; gamma: number; kappa: number };
  /** u (O), v (I), e^{κu} (O), e^{κv} (I). */
  u: Float64Array;
  v: Float64Array;
  eu: Float64Array;
  ev: Float64Array;
}

const empty = new Float64Array(0);

/** This thread's view, refilled by every call (so a call allocates nothing once the scratch has grown). */
const view: GridShare = {
  n: 0,
  d: 0,
  theta: empty,
  grid: { outerCount: 0, outerDim: 0, outer: empty, innerCount: 0, innerDim: 0, inner: empty },
  form: { alpha: 0, beta: 0, gamma: 0, kappa: 0 },
  u: empty,
  v: empty,
  eu: empty,
  ev: empty,
};

/** Copies `length` values at `at` into this thread's buffer `name`. */
function privateCopy({ f64, scratch }: ShareCall, name: string, at: number, length: number): Float64Array {
  const buffer = scratch.grow(name, length);
  for (let k = 0; k < length; k++) buffer[k] = f64[at + k];
  return buffer;
}

/**
 * The call as this share sees it: θ and the grid factors copied into this thread's scratch (V8's
 * loops read shared memory markedly slower than private arrays), the form, and scratch rows. The
 * returned object is this thread's one view, valid until the next call.
 */
export function gridShare(call: ShareCall): GridShare {
  const { args, scratch } = call;
  const a = GRID_ARG;
  const { grid, form } = view;
  view.n = args[a.n];
  view.d = args[a.d];
  grid.outerCount = args[a.outerCount];
  grid.outerDim = args[a.outerDim];
  grid.innerCount = args[a.innerCount];
  grid.innerDim = args[a.innerDim];
  view.theta = privateCopy(call, 'theta', args[a.theta], view.n * view.d);
  grid.outer = privateCopy(call, 'outer', args[a.outer], grid.outerCount * grid.outerDim);
  grid.inner = privateCopy(call, 'inner', args[a.inner], grid.innerCount * grid.innerDim);
  form.alpha = args[a.alpha];
  form.beta = args[a.beta];
  form.gamma = args[a.gamma];
  form.kappa = args[a.kappa];
  view.u = scratch.grow('u', grid.outerCount);
  view.v = scratch.grow('v', grid.innerCount);
  view.eu = scratch.grow('eu', grid.outerCount);
  view.ev = scratch.grow('ev', grid.innerCount);
  return view;
}
