import { isNeuronUnit, outputWeight, outputWeightDerivative, type ProductStructure, type Unit } from '@mfpg/core';
import type { CpuKernelFamily, CpuPrecision } from '../kernel-registry';
import type { ShareKernel } from '../threads/share-kernel';
import { LocalShareRunner } from '../threads/share-runner';
import { familyConfigs } from './family-configs';
import { logisticFormOf } from './logistic-form';
import { logisticGridDriftShare } from './logistic-grid-drift-share';
import { logisticGridFloat32DriftShare } from './logistic-grid-float32-drift-share';
import { logisticGridFloat32ForwardShare } from './logistic-grid-float32-forward-share';
import { logisticGridForwardShare } from './logistic-grid-forward-share';
import { describeGridCall, logisticGridLayout, type LogisticGridLayout } from './logistic-grid-layout';
import { logisticGridSplitShare } from './logistic-grid-split-share';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { RunnerHandle } from './runner-handle';

/** What distinguishes the float64 and float32 product-grid families. */
interface GridVariant {
  readonly name: string;
  readonly precision: CpuPrecision;
  readonly forwardShare: ShareKernel;
  readonly driftShare: ShareKernel;
}

/**
 * f_ν and D F(ν, θ_i) on a product grid for neurons whose activation declares a logistic form
 * (tanh, sigmoid, or a user's): the share kernels logistic-grid-split-share.ts and the variant's
 * forward and drift on the setup's share runner. Prepared at (θ, grid), θ, the factors and ℓ(c_i),
 * ℓ'(c_i) are written into the runner's memory and the split exponentials computed once
 * (logisticGridSplitShare, in the variant's precision), then read by the forward and by the drift.
 */
function logisticProductGridFamily({ name, precision, forwardShare, driftShare }: GridVariant): CpuKernelFamily {
  return {
    name,
    compile({ unit, particleCount: n, parameterDim: d, runner = new LocalShareRunner() }) {
      const neuron = requireNeuronUnit(unit, name);
      const form = logisticFormOf(neuron.activation);
      if (form === undefined) throw new TypeError(`${name}: activation '${neuron.activation.name}' has no logistic form`);
      const outputBound = neuron.outputBound;
      const args = runner.header.args;
      const handle = new (class extends RunnerHandle {
        grid: ProductStructure | undefined;
        layout: LogisticGridLayout | undefined;

        protected aimed(): void {
          // The layout depends only on the grid's shape: kept while the grid is the same object.
          if (this.grid !== this.points.product) {
            this.grid = undefined;
            this.layout = undefined;
          }
        }

        /**
         * Writes the inputs and splits the exponentials unless this preparation's are still in the
         * runner's memory; describes the call; returns the memory's float64 view.
         */
        load(): Float64Array {
          const grid = (this.grid ??= requireProductGrid(this.points, name));
          const layout = (this.layout ??= logisticGridLayout(n, d, grid, runner.shares, precision));
          const f64 = runner.reserve(8 * layout.length).f64;
          describeGridCall(args, n, d, grid, layout, form);
          if (this.loaded) return f64;
          f64.set(this.theta.subarray(0, n * d), layout.theta);
          f64.set(grid.outer.subarray(0, grid.outerCount * grid.outerDim), layout.outer);
          f64.set(grid.inner.subarray(0, grid.innerCount * grid.innerDim), layout.inner);
          for (let i = 0; i < n; i++) {
            const c = this.theta[i * d];
            f64[layout.ells + i] = outputWeight(c, outputBound);
            f64[layout.ellSlopes + i] = outputWeightDerivative(c, outputBound);
          }
          runner.run(logisticGridSplitShare, n * this.points.count);
          this.markLoaded();
          return f64;
        }

        forward(out: Float64Array): void {
          const f64 = this.load();
          runner.run(forwardShare, n * this.points.count);
          const at = this.layout!.out;
          for (let j = 0; j < this.points.count; j++) out[j] = f64[at + j];
        }

        drift(weights: Float64Array, out: Float64Array): void {
          const f64 = this.load();
          const layout = this.layout!;
          f64.set(weights.subarray(0, this.points.count), layout.weights);
          if (layout.float32) {
            writeFloat32Rows(weights, this.grid!, layout.innerStride, runner.reserve(8 * layout.length).f32, 2 * layout.weights32);
          }
          runner.run(driftShare, n * this.points.count);
          const at = layout.out;
          for (let k = 0; k < n * d; k++) out[k] = f64[at + k];
        }
      })(runner);
      return (theta, points) => handle.aim(theta, points);
    },
  };
}

/** W as float32 rows of `innerStride` (the padding 0, so padded points add exactly nothing), from float32 index `at`. */
function writeFloat32Rows(weights: Float64Array, grid: ProductStructure, innerStride: number, f32: Float32Array, at: number): void {
  const { outerCount, innerCount } = grid;
  for (let o = 0; o < outerCount; o++) {
    const row = at + o * innerStride;
    for (let k = 0; k < innerCount; k++) f32[row + k] = weights[o * innerCount + k];
    f32.fill(0, row + innerCount, row + innerStride);
  }
}

export const neuronLogisticProductGridFamily = logisticProductGridFamily({
  name: 'NeuronLogisticProductGrid',
  precision: 'float64',
  forwardShare: logisticGridForwardShare,
  driftShare: logisticGridDriftShare,
});

/**
 * The `float32` variant: the same split, float32 exponentials within e^{±43} (particles beyond go
 * pair by pair in float64) and f32x4 pair loops (logistic-grid-float32-{forward,drift}-share.ts).
 */
export const neuronLogisticProductGridFloat32Family = logisticProductGridFamily({
  name: 'NeuronLogisticProductGridFloat32',
  precision: 'float32',
  forwardShare: logisticGridFloat32ForwardShare,
  driftShare: logisticGridFloat32DriftShare,
});

const hasLogisticForm = (unit: Unit) => isNeuronUnit(unit) && logisticFormOf(unit.activation) !== undefined;

export const { forward: neuronLogisticProductGridForwardConfig, drift: neuronLogisticProductGridDriftConfig } = familyConfigs({
  family: neuronLogisticProductGridFamily,
  unitKind: 'neuron',
  layout: 'product-grid',
  supports: hasLogisticForm,
});

export const { forward: neuronLogisticProductGridFloat32ForwardConfig, drift: neuronLogisticProductGridFloat32DriftConfig } = familyConfigs({
  family: neuronLogisticProductGridFloat32Family,
  unitKind: 'neuron',
  layout: 'product-grid',
  precision: 'float32',
  supports: hasLogisticForm,
});
