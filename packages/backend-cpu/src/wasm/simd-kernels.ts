import { compileWasmModule, instantiateWasm, type SharedMemory, type WasmModule } from '@mfpg/core/internal';
import { WASM_MODULE_BASE64 } from './module.generated';

/**
 * The exports of the cpu backend's WebAssembly module (assembly/*.ts, compiled by
 * `npm run build:wasm`). Pointers are byte offsets into the shared memory the module imports.
 */
export interface SimdKernels {
  /** assembly/neuron-float32.ts `forward`. */
  neuronFloat32Forward(
    n: number, p: number, ells: number, theta: number, thetaStride: number,
    points: number, pointStride: number, j0: number, j1: number, out: number, cache: number,
  ): void;
  /** assembly/neuron-float32.ts `driftSums`. */
  neuronFloat32DriftSums(
    i0: number, i1: number, p: number, theta: number, thetaStride: number, points: number, pointStride: number,
    weights: number, cache: number, slopes: number, out: number,
  ): void;
  /** assembly/logistic-product-grid.ts `addLogisticTerms`. */
  addLogisticTerms(scaled: number, eu: number, outerCount: number, ev: number, innerCount: number, out: number): void;
  /** assembly/logistic-product-grid.ts `logisticGridDrift`. */
  logisticGridDrift(
    i0: number, i1: number, d: number, flags: number, exponentials: number, outer: number, outerCount: number, outerDim: number,
    inner: number, innerCount: number, innerDim: number, weights: number, ells: number, ellSlopes: number, out: number,
    scratch: number, alpha: number, beta: number, gamma: number,
  ): void;
  /** assembly/logistic-product-grid-split.ts `exponentialsFloat64`: e^{κ(x + shift)}, V8's Math.exp bit for bit (constants at `table`). */
  exponentialsFloat64(x: number, count: number, kappa: number, shift: number, out: number, table: number): void;
  /** assembly/logistic-product-grid-split.ts `splitFloat64`. */
  splitFloat64(
    i0: number, i1: number, d: number, theta: number, outer: number, outerCount: number, outerDim: number,
    inner: number, innerCount: number, innerDim: number, kappa: number, limit: number, scratch: number,
    flags: number, exponentials: number,
  ): void;
  /** assembly/logistic-product-grid-float32.ts `exponentialsFloat32`: float32 e^{κ(x + shift)} of float64 x. */
  exponentialsFloat32(x: number, count: number, kappa: number, shift: number, out: number): void;
  /** assembly/logistic-product-grid-float32.ts `splitFloat32`. */
  splitFloat32(
    i0: number, i1: number, d: number, theta: number, outer: number, outerCount: number, outerDim: number,
    inner: number, innerCount: number, innerDim: number, kappa: number, limit: number, scratch: number,
    flags: number, exponentials: number, innerStride: number,
  ): void;
  /** assembly/logistic-product-grid-float32.ts `addLogisticTermsFloat32`. */
  addLogisticTermsFloat32(scaled: number, eu: number, outerCount: number, ev: number, innerStride: number, out: number): void;
  /** assembly/logistic-product-grid-float32.ts `logisticDriftSumsFloat32`: returns Σ W r. */
  logisticDriftSumsFloat32(
    eu: number, ev: number, outerCount: number, innerStride: number, weights: number, rowSlope: number, columnSlope: number,
  ): number;
  /** assembly/logistic-general.ts `expNonPositivePair`: e^{x0}, e^{x1} (x ≤ 0) at byte offset `out`. */
  expNonPositivePair(x0: number, x1: number, out: number): void;
  /** assembly/logistic-general.ts `logisticValueSlopePair`: ϱ(z0), ϱ(z1), ϱ'(z0), ϱ'(z1) at byte offset `out`. */
  logisticValueSlopePair(z0: number, z1: number, alpha: number, beta: number, gamma: number, kappa: number, out: number): void;
  /** assembly/logistic-general.ts `logisticForward`. */
  logisticForward(
    n: number, d: number, p: number, ells: number, theta: number, points: number, pointStride: number,
    j0: number, j1: number, out: number, alpha: number, beta: number, kappa: number,
  ): void;
  /** assembly/logistic-general.ts `logisticDriftSums`. */
  logisticDriftSums(
    i0: number, i1: number, d: number, p: number, theta: number, points: number, pointStride: number, weights: number,
    scratch: number, out: number, alpha: number, beta: number, gamma: number, kappa: number,
  ): void;
}

let compiled: WasmModule | undefined;

/** The compiled module (compiled once per thread; a Module can be posted to workers). */
export function simdModule(): WasmModule {
  return (compiled ??= compileWasmModule(WASM_MODULE_BASE64));
}

/** The kernels over `memory`. */
export function instantiateSimd(module: WasmModule, memory: SharedMemory): SimdKernels {
  return instantiateWasm<SimdKernels>(module, memory);
}
