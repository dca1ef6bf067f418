import { isNeuronUnit, outputWeight } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { declaresSineForm } from './sine-form';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { SineFactors } from './sine-factors';

const name = 'NeuronSineProductGridForward';

/**
 * f_ν on a product grid for neurons whose activation declares the sine form (Activation.sineForm,
 * checked by sine-form.ts), by the addition formula
 * ℓ·sin(u_o + v_i) = (ℓ sin u_o)·cos v_i + (ℓ cos u_o)·sin v_i: 2(outerCount + innerCount) sin/cos
 * calls per particle, then two multiply-adds per pair. sin and cos are bounded, so there is no
 * overflow to guard against.
 *
 * Accuracy: sin u, cos u, sin v, cos v are each within one ulp, so sin u cos v + cos u sin v is
 * within 5·2^−53 of sin z, and within 8·2^−53 of Math.sin(z) with the ℓ factor's rounding (relative
 * to |ℓ|). z is summed as u + v, not as w·x + b: |Δz| ≤ (p + 1)·2^−53·max_j(|b| + Σ_k |w_k x_jk|).
 */
export const neuronSineProductGridForwardConfig: CpuForwardKernelConfig = {
  name,
  unitKind: 'neuron',
  op: 'forward',
  layout: 'product-grid',
  supports: (unit) => isNeuronUnit(unit) && declaresSineForm(unit.activation),
  compile({ unit, particleCount, parameterDim }) {
    const { outputBound } = requireNeuronUnit(unit, name);
    const factors = new SineFactors();
    return (theta, points, out) => {
      const grid = requireProductGrid(points, name);
      factors.reserve(grid);
      out.fill(0, 0, points.count);
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        factors.fill(theta, base, grid);
        const { outerSin, outerCos, innerSin, innerCos } = factors;
        addSineTerms(outputWeight(theta[base], outputBound), outerSin, outerCos, grid.outerCount, innerSin, innerCos, grid.innerCount, out);
      }
      const scale = 1 / particleCount;
      for (let j = 0; j < points.count; j++) out[j] *= scale;
    };
  },
};

/**
 * One particle's pair loop: out[o·I + i] += (ℓ outerSin[o])·innerCos[i] + (ℓ outerCos[o])·innerSin[i].
 * (A function of its own so the scratch arrays arrive as parameters, which V8 optimises better
 * than reassignable closure variables in the inner loop.)
 */
function addSineTerms(
  ell: number,
  outerSin: Float64Array,
  outerCos: Float64Array,
  outerCount: number,
  innerSin: Float64Array,
  innerCos: Float64Array,
  innerCount: number,
  out: Float64Array,
): void {
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const s = ell * outerSin[o];
    const c = ell * outerCos[o];
    for (let i = 0; i < innerCount; i++) out[row + i] += s * innerCos[i] + c * innerSin[i];
  }
}
