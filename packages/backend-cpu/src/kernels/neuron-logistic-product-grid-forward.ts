import { isNeuronUnit, outputWeight } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { logisticFormOf } from './logistic-form';
import { fillSplitExponentials } from './split-exponentials';
import { addDirectValues } from './product-grid-direct';
import { splitPreActivation } from './product-grid-pre-activation';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';
import { wasmArena } from '../wasm/wasm-arena';

const name = 'NeuronLogisticProductGridForward';

/**
 * f_ν on a product grid for tanh and sigmoid neurons (LogisticForm): per particle, ℓ·ϱ(z_oi) =
 * ℓα + ℓβ/(1 + e^{κu_o}·e^{κv_i}), so the constant ℓα is summed once and each pair costs a
 * multiply, an add and a divide, two pairs at a time in WebAssembly SIMD (addLogisticTerms of
 * assembly/logistic-product-grid.ts, the same operations per value as the scalar loop). The sums
 * accumulate in the thread's WasmArena. Particles outside the safe exponent range go pair by pair.
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
    const arena = wasmArena();
    return (theta, points, out) => {
      const grid = requireProductGrid(points, name);
      const { outerCount, innerCount } = grid;
      u = withCapacity(u, outerCount);
      eu = withCapacity(eu, outerCount);
      v = withCapacity(v, innerCount);
      ev = withCapacity(ev, innerCount);
      // Arena layout (doubles, even offsets for 16-byte lanes): sums [0, M) | eu | ev.
      const count = points.count;
      const euAt = count + (count & 1);
      const evAt = euAt + outerCount + (outerCount & 1);
      const memory = arena.reserve(evAt + innerCount);
      memory.fill(0, 0, count);
      let constant = 0;
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        const ell = outputWeight(theta[base], outputBound);
        splitPreActivation(theta, base, grid, u, v);
        if (!fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev)) {
          addDirectValues(activation, ell, u, outerCount, v, innerCount, memory);
          continue;
        }
        constant += form.alpha * ell;
        for (let o = 0; o < outerCount; o++) memory[euAt + o] = eu[o];
        for (let i = 0; i < innerCount; i++) memory[evAt + i] = ev[i];
        arena.simd.addLogisticTerms(form.beta * ell, 8 * euAt, outerCount, 8 * evAt, innerCount, 0);
      }
      const scale = 1 / particleCount;
      for (let j = 0; j < count; j++) out[j] = (memory[j] + constant) * scale;
    };
  },
};
