import { isNeuronUnit, outputWeight } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { splitPreActivation } from './product-grid-pre-activation';
import { declaresSineForm } from './sine-form';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';

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
    let u = new Float64Array(0);
    let v = new Float64Array(0);
    let outerSin = new Float64Array(0);
    let outerCos = new Float64Array(0);
    let innerSin = new Float64Array(0);
    let innerCos = new Float64Array(0);
    return (theta, points, out) => {
      const grid = requireProductGrid(points, name);
      const { outerCount, innerCount } = grid;
      u = withCapacity(u, outerCount);
      outerSin = withCapacity(outerSin, outerCount);
      outerCos = withCapacity(outerCos, outerCount);
      v = withCapacity(v, innerCount);
      innerSin = withCapacity(innerSin, innerCount);
      innerCos = withCapacity(innerCos, innerCount);
      out.fill(0, 0, points.count);
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        const ell = outputWeight(theta[base], outputBound);
        splitPreActivation(theta, base, grid, u, v);
        for (let o = 0; o < outerCount; o++) {
          outerSin[o] = ell * Math.sin(u[o]);
          outerCos[o] = ell * Math.cos(u[o]);
        }
        for (let i = 0; i < innerCount; i++) {
          innerSin[i] = Math.sin(v[i]);
          innerCos[i] = Math.cos(v[i]);
        }
        addSineTerms(outerSin, outerCos, outerCount, innerSin, innerCos, innerCount, out);
      }
      const scale = 1 / particleCount;
      for (let j = 0; j < points.count; j++) out[j] *= scale;
    };
  },
};

/**
 * One particle's pair loop: out[o·I + i] += outerSin[o]·innerCos[i] + outerCos[o]·innerSin[i].
 * (A function of its own so the scratch arrays arrive as parameters, which V8 optimises better
 * than reassignable closure variables in the inner loop.)
 */
function addSineTerms(
  outerSin: Float64Array,
  outerCos: Float64Array,
  outerCount: number,
  innerSin: Float64Array,
  innerCos: Float64Array,
  innerCount: number,
  out: Float64Array,
): void {
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const s = outerSin[o];
    const c = outerCos[o];
    for (let i = 0; i < innerCount; i++) out[row + i] += s * innerCos[i] + c * innerSin[i];
  }
}
