import { isNeuronUnit, outputWeight, outputWeightDerivative } from '@mfpg/core';
import type { CpuDriftKernelConfig } from '../kernel-registry';
import { writeProductGridGradient } from './product-grid-gradient';
import { declaresSineForm } from './sine-form';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';
import { SineFactors } from './sine-factors';

const name = 'NeuronSineProductGridDrift';

/**
 * D F(ν, θ_i) on a product grid for neurons whose activation declares the sine form
 * (Activation.sineForm, checked by sine-form.ts), by the addition formulas
 * sin(u + v) = sin u cos v + cos u sin v and cos(u + v) = cos u cos v − sin u sin v:
 * 2(outerCount + innerCount) sin/cos calls per particle, then six multiply-adds per pair.
 *
 * Accuracy: each sin z and cos z is within 8·2^−53 of Math.sin(z), Math.cos(z) at the same z, which
 * carries the ordering error of neuron-sine-product-grid-forward.ts.
 */
export const neuronSineProductGridDriftConfig: CpuDriftKernelConfig = {
  name,
  unitKind: 'neuron',
  op: 'drift',
  layout: 'product-grid',
  supports: (unit) => isNeuronUnit(unit) && declaresSineForm(unit.activation),
  compile({ unit, particleCount, parameterDim }) {
    const { outputBound } = requireNeuronUnit(unit, name);
    const factors = new SineFactors();
    let rowSlope = new Float64Array(0);
    let columnSlope = new Float64Array(0);
    return (theta, points, weights, out) => {
      const grid = requireProductGrid(points, name);
      const { outerCount, innerCount } = grid;
      factors.reserve(grid);
      rowSlope = withCapacity(rowSlope, outerCount);
      columnSlope = withCapacity(columnSlope, innerCount);
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        const c = theta[base];
        factors.fill(theta, base, grid);
        const { outerSin, outerCos, innerSin, innerCos } = factors;
        columnSlope.fill(0, 0, innerCount);
        const valueSum = sineDriftSums(outerSin, outerCos, outerCount, innerSin, innerCos, innerCount, weights, rowSlope, columnSlope);
        const ell = outputWeight(c, outputBound);
        writeProductGridGradient(grid, base, outputWeightDerivative(c, outputBound), valueSum, ell, rowSlope, columnSlope, out);
      }
    };
  },
};

/**
 * One particle's pair loop: returns Σ_oi W_oi sin z_oi and sets rowSlope[o] = Σ_i W_oi cos z_oi,
 * columnSlope[i] += Σ_o W_oi cos z_oi, by the addition formulas. (A function of its own so the
 * scratch arrays arrive as parameters, which V8 optimises better than reassignable closure
 * variables in the inner loop.)
 */
function sineDriftSums(
  outerSin: Float64Array,
  outerCos: Float64Array,
  outerCount: number,
  innerSin: Float64Array,
  innerCos: Float64Array,
  innerCount: number,
  weights: Float64Array,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
): number {
  let valueSum = 0;
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const s = outerSin[o];
    const c = outerCos[o];
    let slopeSum = 0;
    for (let i = 0; i < innerCount; i++) {
      const weight = weights[row + i];
      valueSum += weight * (s * innerCos[i] + c * innerSin[i]);
      const slope = weight * (c * innerCos[i] - s * innerSin[i]);
      slopeSum += slope;
      columnSlope[i] += slope;
    }
    rowSlope[o] = slopeSum;
  }
  return valueSum;
}
