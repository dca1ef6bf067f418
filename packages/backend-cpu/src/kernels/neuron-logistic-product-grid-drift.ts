import { isNeuronUnit, outputWeight, outputWeightDerivative, type ProductStructure } from '@mfpg/core';
import type { CpuDriftKernelConfig } from '../kernel-registry';
import { logisticFormOf } from './logistic-form';
import { fillSplitExponentials } from './split-exponentials';
import { directDriftSums } from './product-grid-direct';
import { writeProductGridGradient } from './product-grid-gradient';
import { splitPreActivation } from './product-grid-pre-activation';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';
import { wasmArena } from '../wasm/wasm-arena';

const name = 'NeuronLogisticProductGridDrift';

/**
 * D F(ν, θ_i) on a product grid for tanh and sigmoid neurons (LogisticForm). Per pair, with
 * E = e^{κu_o}·e^{κv_i} and r = 1/(1 + E): Σ W ϱ = α Σ W + β Σ W r and W ϱ' = γ·(W r)·(E r), so a
 * pair costs one divide and five multiply-adds; ϱ' sums go to the pair's row and column
 * (the w_S and w_A components factor through them, writeProductGridGradient). Particles run two at
 * a time, one per f64x2 lane (logisticDriftSumsPair of assembly/logistic-product-grid.ts): each
 * lane performs the scalar loop's operations in its order, so every particle's sums are the same
 * bits as one at a time.
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
    const arena = wasmArena();
    // Per-call layout of the arena (doubles, even offsets): W | eu and ev of lane 0 | eu and ev of
    // lane 1 | row slopes (interleaved) | column slopes (interleaved) | rSum (2).
    const euAt = new Int32Array(2);
    const evAt = new Int32Array(2);
    let rowAt = 0;
    let columnAt = 0;
    let rSumAt = 0;
    /** Particles whose exponentials sit in lane 0 (−1: none) and lane 1. */
    const lanes = new Int32Array(2);
    let memory = arena.f64;

    const fillLane = (lane: number, particle: number, outerCount: number, innerCount: number) => {
      lanes[lane] = particle;
      for (let o = 0; o < outerCount; o++) memory[euAt[lane] + o] = eu[o];
      for (let i = 0; i < innerCount; i++) memory[evAt[lane] + i] = ev[i];
    };
    const runLanes = (outerCount: number, innerCount: number) => {
      arena.simd.logisticDriftSumsPair(8 * euAt[0], 8 * euAt[1], 8 * evAt[0], 8 * evAt[1], outerCount, innerCount, 0, 8 * rowAt, 8 * columnAt, 8 * rSumAt);
    };
    const writeLane = (lane: number, theta: Float64Array, grid: ProductStructure, weightSum: number, out: Float64Array) => {
      const base = lanes[lane] * parameterDim;
      const c = theta[base];
      for (let o = 0; o < grid.outerCount; o++) rowSlope[o] = memory[rowAt + 2 * o + lane];
      for (let i = 0; i < grid.innerCount; i++) columnSlope[i] = memory[columnAt + 2 * i + lane];
      const valueSum = form.alpha * weightSum + form.beta * memory[rSumAt + lane];
      const slopeScale = form.gamma * outputWeight(c, outputBound);
      writeProductGridGradient(grid, base, outputWeightDerivative(c, outputBound), valueSum, slopeScale, rowSlope, columnSlope, out);
    };

    return (theta, points, weights, out) => {
      const grid = requireProductGrid(points, name);
      const { outerCount, innerCount } = grid;
      const count = points.count;
      u = withCapacity(u, outerCount);
      eu = withCapacity(eu, outerCount);
      rowSlope = withCapacity(rowSlope, outerCount);
      v = withCapacity(v, innerCount);
      ev = withCapacity(ev, innerCount);
      columnSlope = withCapacity(columnSlope, innerCount);
      const outer = outerCount + (outerCount & 1);
      const inner = innerCount + (innerCount & 1);
      euAt[0] = count + (count & 1);
      evAt[0] = euAt[0] + outer;
      euAt[1] = evAt[0] + inner;
      evAt[1] = euAt[1] + outer;
      rowAt = evAt[1] + inner;
      columnAt = rowAt + 2 * outerCount;
      rSumAt = columnAt + 2 * innerCount;
      memory = arena.reserve(rSumAt + 2);
      let weightSum = 0;
      for (let j = 0; j < count; j++) {
        weightSum += weights[j];
        memory[j] = weights[j];
      }
      lanes[0] = -1;
      for (let n = 0; n < particleCount; n++) {
        const base = n * parameterDim;
        splitPreActivation(theta, base, grid, u, v);
        if (fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev)) {
          if (lanes[0] < 0) {
            fillLane(0, n, outerCount, innerCount);
            continue;
          }
          fillLane(1, n, outerCount, innerCount);
          runLanes(outerCount, innerCount);
          writeLane(0, theta, grid, weightSum, out);
          writeLane(1, theta, grid, weightSum, out);
          lanes[0] = -1;
          continue;
        }
        const c = theta[base];
        columnSlope.fill(0, 0, innerCount);
        const valueSum = directDriftSums(activation, u, outerCount, v, innerCount, weights, rowSlope, columnSlope);
        writeProductGridGradient(grid, base, outputWeightDerivative(c, outputBound), valueSum, outputWeight(c, outputBound), rowSlope, columnSlope, out);
      }
      if (lanes[0] >= 0) {
        // An odd particle out: lane 1 repeats it and is ignored.
        memory.copyWithin(euAt[1], euAt[0], evAt[0] + innerCount);
        runLanes(outerCount, innerCount);
        writeLane(0, theta, grid, weightSum, out);
      }
    };
  },
};
