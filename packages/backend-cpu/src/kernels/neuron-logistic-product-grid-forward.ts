import { isNeuronUnit, outputWeight } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { fillSplitExponentials, logisticFormOf } from './logistic-form';
import { addDirectValues } from './product-grid-direct';
import { splitPreActivation } from './product-grid-pre-activation';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';

const name = 'NeuronLogisticProductGridForward';

/**
 * f_ν on a product grid for tanh and sigmoid neurons (LogisticForm): per particle, ℓ·ϱ(z_oi) =
 * ℓα + ℓβ/(1 + e^{κu_o}·e^{κv_i}), so the constant ℓα is summed once and each pair costs a
 * multiply, an add and a divide. Particles outside the safe exponent range go pair by pair.
 *
 * Accuracy: E = e^{κu}·e^{κv} is within 5·2^−53 relative of e^{κz} (two exponentials within one
 * ulp each, one product); with the add and the divide, ϱ(z) is then within 5.4·2^−53 (tanh) or
 * 2.5·2^−53 (σ) of its exact value, so within 8·2^−53 of Math.tanh(z) or
 * SigmoidActivation.value(z). z itself is summed as u + v (for a shifted split (u − s) + (v + s)),
 * not as w·x + b: |Δz| ≤ (p + 5)·2^−53·max_j(|b| + Σ_k |w_k x_jk|), which moves ϱ by |ϱ'|·|Δz|.
 */
export const neuronLogisticProductGridForwardConfig: CpuForwardKernelConfig = {
  name,
  unitKind: 'neuron',
  op: 'forward',
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
    return (theta, points, out) => {
      const grid = requireProductGrid(points, name);
      const { outerCount, innerCount } = grid;
      u = withCapacity(u, outerCount);
      eu = withCapacity(eu, outerCount);
      v = withCapacity(v, innerCount);
      ev = withCapacity(ev, innerCount);
      out.fill(0, 0, points.count);
      let constant = 0;
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        const ell = outputWeight(theta[base], outputBound);
        splitPreActivation(theta, base, grid, u, v);
        if (!fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev)) {
          addDirectValues(activation, ell, u, outerCount, v, innerCount, out);
          continue;
        }
        constant += form.alpha * ell;
        const scaled = form.beta * ell;
        addLogisticTerms(scaled, eu, outerCount, ev, innerCount, out);
      }
      const scale = 1 / particleCount;
      for (let j = 0; j < points.count; j++) out[j] = (out[j] + constant) * scale;
    };
  },
};

/**
 * One particle's pair loop: out[o·I + i] += scaled/(1 + eu[o]·ev[i]). (A function of its own so
 * the scratch arrays arrive as parameters, which V8 optimises better than reassignable closure
 * variables in the inner loop.)
 */
function addLogisticTerms(
  scaled: number,
  eu: Float64Array,
  outerCount: number,
  ev: Float64Array,
  innerCount: number,
  out: Float64Array,
): void {
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const a = eu[o];
    for (let i = 0; i < innerCount; i++) out[row + i] += scaled / (1 + a * ev[i]);
  }
}
