import { isNeuronUnit, outputWeight, outputWeightDerivative } from '@mfpg/core';
import type { CpuDriftKernelConfig } from '../kernel-registry';
import { fillSplitExponentials, logisticFormOf } from './logistic-form';
import { directDriftSums } from './product-grid-direct';
import { writeProductGridGradient } from './product-grid-gradient';
import { splitPreActivation } from './product-grid-pre-activation';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';

const name = 'NeuronLogisticProductGridDrift';

/**
 * D F(ν, θ_i) on a product grid for tanh and sigmoid neurons (LogisticForm). Per pair, with
 * E = e^{κu_o}·e^{κv_i} and r = 1/(1 + E): Σ W ϱ = α Σ W + β Σ W r and W ϱ' = γ·(W r)·(E r), so a
 * pair costs one divide and five multiply-adds; ϱ' sums go to the pair's row and column
 * (the w_S and w_A components factor through them, writeProductGridGradient).
 *
 * Accuracy: E, r and E·r are within 5, 7 and 13·2^−53 relative of their exact values, so each
 * ϱ'(z) = γ·r·(E·r) is within 22·2^−53 relative, and within 32·2^−53 relative of the activation's
 * derivative at the same z; each ϱ(z) is within 8·2^−53 absolute and z carries the ordering error
 * of neuron-logistic-product-grid-forward.ts. α Σ W + β Σ W r is accurate relative to Σ|W|, not to
 * |Σ W ϱ|.
 */
export const neuronLogisticProductGridDriftConfig: CpuDriftKernelConfig = {
  name,
  unitKind: 'neuron',
  op: 'drift',
  layout: 'product-grid',
  supports: (unit) => isNeuronUnit(unit) && logisticFormOf(unit.activation) !== undefined,
  compile({ unit, particleCount, parameterDim }) {
    const { activation, outputBound } = requireNeuronUnit(unit, name);
    const form = logisticFormOf(activation);
    if (form === undefined) throw new TypeError(`${name}: activation '${activation.name}' has no logistic form`);
    let u = new Float64Array(0);
    let v = new Float64Array(0);
    let eu = new Float64Array(0);
    let ev = new Float64Array(0);
    let rowSlope = new Float64Array(0);
    let columnSlope = new Float64Array(0);
    return (theta, points, weights, out) => {
      const grid = requireProductGrid(points, name);
      const { outerCount, innerCount } = grid;
      u = withCapacity(u, outerCount);
      eu = withCapacity(eu, outerCount);
      rowSlope = withCapacity(rowSlope, outerCount);
      v = withCapacity(v, innerCount);
      ev = withCapacity(ev, innerCount);
      columnSlope = withCapacity(columnSlope, innerCount);
      let weightSum = 0;
      for (let j = 0; j < points.count; j++) weightSum += weights[j];
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        const c = theta[base];
        const ell = outputWeight(c, outputBound);
        splitPreActivation(theta, base, grid, u, v);
        columnSlope.fill(0, 0, innerCount);
        let valueSum: number;
        let gamma: number;
        if (fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev)) {
          const rSum = logisticDriftSums(eu, outerCount, ev, innerCount, weights, rowSlope, columnSlope);
          valueSum = form.alpha * weightSum + form.beta * rSum;
          gamma = form.gamma;
        } else {
          valueSum = directDriftSums(activation, u, outerCount, v, innerCount, weights, rowSlope, columnSlope);
          gamma = 1;
        }
        const slopeScale = gamma * ell;
        const cSlope = outputWeightDerivative(c, outputBound);
        writeProductGridGradient(grid, base, cSlope, valueSum, slopeScale, rowSlope, columnSlope, out);
      }
    };
  },
};

/**
 * One particle's pair loop: returns Σ_oi W_oi r_oi and sets rowSlope[o] = Σ_i W_oi E_oi r_oi²,
 * columnSlope[i] += Σ_o W_oi E_oi r_oi², with E_oi = eu[o]·ev[i] and r = 1/(1 + E).
 * (A function of its own so the scratch arrays arrive as parameters, which V8 optimises better
 * than reassignable closure variables in the inner loop.)
 */
function logisticDriftSums(
  eu: Float64Array,
  outerCount: number,
  ev: Float64Array,
  innerCount: number,
  weights: Float64Array,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
): number {
  let rSum = 0;
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const a = eu[o];
    let slopeSum = 0;
    for (let i = 0; i < innerCount; i++) {
      const e = a * ev[i];
      const r = 1 / (1 + e);
      const weightedR = weights[row + i] * r;
      rSum += weightedR;
      const slope = weightedR * (e * r);
      slopeSum += slope;
      columnSlope[i] += slope;
    }
    rowSlope[o] = slopeSum;
  }
  return rSum;
}
