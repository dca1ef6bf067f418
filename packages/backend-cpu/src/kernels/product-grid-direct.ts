import type { LogisticForm } from '@mfpg/core';
import type { ShareCall } from '../threads/share-kernel';
import { logisticSlope, logisticValue } from './logistic-form-values';
import { GRID_ARG, gridShare, type GridShare } from './logistic-grid-layout';
import { writeProductGridGradient } from './product-grid-gradient';
import { splitPreActivation } from './product-grid-pre-activation';

/**
 * The pair-by-pair path of the logistic product-grid drift, for particles whose pre-activations
 * leave the split exponentials' safe range: the weighted sums of one particle, ϱ and ϱ' from the
 * form at z = u_o + v_i. Sets rowSlope[o] = Σ_i W_oi ϱ'(z_oi), adds Σ_o W_oi ϱ'(z_oi) to
 * columnSlope[i] (which must start at 0), and returns Σ_oi W_oi ϱ(z_oi). `weights` starts at
 * `weightsAt` in its array.
 */
export function directDriftSums(
  form: LogisticForm,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  weights: Float64Array,
  weightsAt: number,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
): number {
  let valueSum = 0;
  for (let o = 0, row = weightsAt; o < outerCount; o++, row += innerCount) {
    const uo = u[o];
    let slopeSum = 0;
    for (let i = 0; i < innerCount; i++) {
      const z = uo + v[i];
      const weight = weights[row + i];
      valueSum += weight * logisticValue(form, z);
      const slope = weight * logisticSlope(form, z);
      slopeSum += slope;
      columnSlope[i] += slope;
    }
    rowSlope[o] = slopeSum;
  }
  return valueSum;
}

/**
 * The drift of the particles in [i0, i1) flagged 0 by the split (their pre-activations leave the
 * split exponentials' safe range), pair by pair through the form (directDriftSums), each row written
 * by writeProductGridGradient. The share's view (private copies of θ and the grid) is made only when
 * such a particle exists: in a typical step there is none.
 */
export function driftUnsplitParticles(call: ShareCall, i0: number, i1: number): void {
  const { args, f64, scratch } = call;
  const a = GRID_ARG;
  const flags = args[a.flags];
  let view: GridShare | undefined;
  for (let i = i0; i < i1; i++) {
    if (f64[flags + i] !== 0) continue;
    view ??= gridShare(call);
    const { d, theta, grid, form, u, v } = view;
    const rowSlope = scratch.grow('rowSlope', grid.outerCount);
    const columnSlope = scratch.grow('columnSlope', grid.innerCount);
    splitPreActivation(theta, i * d, grid, u, v);
    columnSlope.fill(0, 0, grid.innerCount);
    const valueSum = directDriftSums(form, u, grid.outerCount, v, grid.innerCount, f64, args[a.weights], rowSlope, columnSlope);
    writeProductGridGradient(grid, args[a.out] + i * d, f64[args[a.ellSlopes] + i], valueSum, f64[args[a.ells] + i], rowSlope, columnSlope, f64);
  }
}

/**
 * The pair-by-pair path of the logistic product-grid forwards: adds ℓ·ϱ(u_o + v_i) of particle i
 * to target[at + (o − o0)·rowStride + k] for outer rows o in [o0, o1) and k < I, ϱ from the form
 * (u and v of the share's view are overwritten).
 */
export function addDirectValues(
  share: GridShare,
  i: number,
  ell: number,
  o0: number,
  o1: number,
  target: Float64Array | Float32Array,
  at: number,
  rowStride: number,
): void {
  const { theta, d, grid, form, u, v } = share;
  splitPreActivation(theta, i * d, grid, u, v);
  for (let o = o0, row = at; o < o1; o++, row += rowStride) {
    const uo = u[o];
    for (let k = 0; k < grid.innerCount; k++) target[row + k] += ell * logisticValue(form, uo + v[k]);
  }
}
