import {
  ConfigError, isNeuronUnit, outputWeight, outputWeightDerivative, PluginError,
  type NeuronLikeUnit, type ParticleBackend, type ParticleKernels, type PointSet, type Unit,
} from '@mfpg/core';
import type { GPU, IKernelRunShortcut } from 'gpu.js';
import { gpuJs } from './load-gpu-js';
import type { GpuBackendParams } from './gpu-backend-params';
import { availableGpuModes, type ConcreteGpuMode, GPU_MODE_PREFERENCE, type GpuMode, isGpuModeAvailable } from './gpu-mode';
import { driftGroupCount, driftKernelSource, forwardKernelSource } from './neuron-kernel-sources';

/** The compiled kernels of one point count M (gpu.js kernels have a fixed output size). */
interface PointCountKernels {
  readonly forward: IKernelRunShortcut;
  readonly drift: readonly IKernelRunShortcut[];
}

/**
 * The float32 particle backend on gpu.js (docs/architecture.md, ParticleBackend): forward is one thread
 * per point summing over the particles, drift one thread per particle computing its sums four at a
 * time. Kernels are compiled once per (compile call, point count) — a run's grid has one point
 * count, so once per run — and results are read back once per call (the step needs them on the
 * host: the evaluator reads f, the integrator reads the drift).
 *
 * Precision: float32 arithmetic in every mode but `cpu` (gpu.js's cpu mode computes in float64 and
 * rounds inputs/outputs to float32). The activation's `gpuSource` gives ϱ and ϱ' as arithmetic,
 * e.g. the rational tanh of math/rational-tanh.ts.
 */
export class GpuBackend implements ParticleBackend {
  readonly name = 'gpu';
  /** The gpu.js mode that runs (never `auto`). */
  readonly mode: ConcreteGpuMode;
  private gpu: GPU | undefined;

  /** @throws ConfigError (field backend.params.mode) when the named mode cannot run here, (backend.name) when gpu.js is not installed. */
  constructor(params: GpuBackendParams = { mode: 'auto' }) {
    gpuJs(); // gpu.js is an optional peer: a missing one is bad input now, before any work.
    this.mode = resolveGpuMode(params.mode);
  }

  /** One line for logs and summary.json, e.g. `gpu.js 2.x, mode webasm (float32)`. */
  describe(): string {
    return `gpu (gpu.js mode ${this.mode}, float32${this.mode === 'cpu' ? ' storage, float64 arithmetic' : ''})`;
  }

  /** Releases gpu.js's contexts and worker pools. */
  dispose(): void {
    this.gpu?.destroy();
    this.gpu = undefined;
  }

  compile(unit: Unit, particleCount: number, parameterDim: number): ParticleKernels {
    const neuron = requireGpuNeuron(unit);
    if (!Number.isInteger(particleCount) || particleCount < 1) {
      throw new RangeError(`GpuBackend: particleCount must be a positive integer, got ${particleCount}`);
    }
    const p = parameterDim - 2;
    if (neuron.parameterDim(p) !== parameterDim || p < 1) {
      throw new RangeError(`GpuBackend: parameterDim ${parameterDim} is not p + 2 for a neuron with p ≥ 1 features`);
    }
    const gpu = (this.gpu ??= new (gpuJs().GPU)({ mode: this.mode }));
    const source = neuron.activation.gpuSource!;
    const activationName = neuron.activation.name;
    const n = particleCount;
    const d = parameterDim;
    const L = neuron.outputBound;
    const params = new Float32Array(n * d);
    const ell = new Float64Array(n);
    const ellSlope = new Float64Array(n);
    let points32 = new Float32Array(0);
    let weights32 = new Float32Array(0);
    const byCount = new Map<number, PointCountKernels>();

    const kernelsFor = (m: number): PointCountKernels => {
      let compiled = byCount.get(m);
      if (compiled === undefined) {
        // webasm: the async contract splits a kernel over gpu.js's worker pool (threads, same bits).
        const settings = {
          output: [m],
          precision: 'single' as const,
          tactic: 'precision' as const,
          loopMaxIterations: Math.max(n, m) + 1,
          asyncMode: this.mode === 'webasm',
        };
        const addFunctions = (kernel: IKernelRunShortcut) => {
          for (const helper of source.helpers) kernel.addFunction(helper as never);
          kernel.addFunction(source.value as never);
          kernel.addFunction(source.derivative as never);
          return kernel;
        };
        compiled = {
          forward: addFunctions(gpu.createKernel(forwardKernelSource(n, p) as never, settings)),
          drift: Array.from({ length: driftGroupCount(p) }, (_, group) =>
            addFunctions(gpu.createKernel(driftKernelSource(m, p, group) as never, { ...settings, output: [n] })),
          ),
        };
        byCount.set(m, compiled);
      }
      return compiled;
    };

    /** float32 copies of θ (with ℓ(c) for c) and of the points; ℓ, ℓ' kept in float64. */
    const upload = (theta: Float64Array, points: PointSet) => {
      if (theta.length !== n * d) throw new RangeError(`GpuBackend: theta has length ${theta.length}, expected N·d = ${n * d}`);
      if (points.dim !== p) throw new RangeError(`GpuBackend: points of dimension ${points.dim}, compiled for p = ${p}`);
      const m = points.count;
      if (points.data.length < m * p) throw new RangeError(`GpuBackend: points.data has length ${points.data.length}, needs ${m * p}`);
      for (let i = 0; i < n; i++) {
        const c = theta[i * d];
        ell[i] = outputWeight(c, L);
        ellSlope[i] = outputWeightDerivative(c, L);
        params[i * d] = ell[i];
        for (let k = 1; k < d; k++) params[i * d + k] = theta[i * d + k];
      }
      if (points32.length < m * p) points32 = new Float32Array(m * p);
      for (let k = 0; k < m * p; k++) points32[k] = points.data[k];
      return points32.length === m * p ? points32 : points32.subarray(0, m * p);
    };

    const run = async <T>(what: string, call: () => T): Promise<Awaited<T>> => {
      try {
        return await call();
      } catch (error) {
        throw new PluginError(
          `backend gpu (mode ${this.mode})`,
          `the ${what} kernel for activation '${activationName}' failed to compile or run: ${(error as Error).message}`,
        );
      }
    };

    return {
      forward: async (theta, points, out) => {
        const x = upload(theta, points);
        const m = points.count;
        if (out.length < m) throw new RangeError(`GpuBackend: out has length ${out.length}, needs ${m}`);
        const result = (await run('forward', () => kernelsFor(m).forward(params, x))) as Float32Array;
        for (let j = 0; j < m; j++) out[j] = result[j];
      },
      drift: async (theta, points, weights, out) => {
        const x = upload(theta, points);
        const m = points.count;
        if (weights.length < m) throw new RangeError(`GpuBackend: weights has length ${weights.length}, needs ${m}`);
        if (out.length < n * d) throw new RangeError(`GpuBackend: out has length ${out.length}, needs ${n * d}`);
        if (weights32.length !== m) weights32 = new Float32Array(m);
        for (let j = 0; j < m; j++) weights32[j] = weights[j];
        const groups = kernelsFor(m).drift;
        for (let g = 0; g < groups.length; g++) {
          const sums = (await run('drift', () => groups[g](params, x, weights32))) as unknown as ArrayLike<number>[];
          for (let i = 0; i < n; i++) {
            const row = sums[i];
            for (let lane = 0; lane < 4; lane++) {
              const s = 4 * g + lane;
              // sum 0 → ∂c = ℓ'(c)·Σ W ϱ; sum 1 → ∂b = ℓ(c)·Σ W ϱ'; sum 2 + k → ∂w_k = ℓ(c)·Σ W ϱ' x_k (docs/math.md §3).
              if (s === 0) out[i * d] = ellSlope[i] * row[lane];
              else if (s === 1) out[i * d + p + 1] = ell[i] * row[lane];
              else if (s < p + 2) out[i * d + s - 1] = ell[i] * row[lane];
            }
          }
        }
      },
    };
  }
}

/** `auto` → the first available of GPU_MODE_PREFERENCE; a named mode must be available. */
export function resolveGpuMode(mode: GpuMode): ConcreteGpuMode {
  if (mode === 'auto') return GPU_MODE_PREFERENCE.find(isGpuModeAvailable)!;
  if (!isGpuModeAvailable(mode)) {
    throw ConfigError.of('backend.params.mode', mode, `a gpu.js mode available here: auto, ${availableGpuModes().join(', ')}`);
  }
  return mode;
}

/** The unit as a neuron whose activation has gpu.js source, else a ConfigError naming what exists. */
function requireGpuNeuron(unit: Unit): NeuronLikeUnit {
  if (!isNeuronUnit(unit)) {
    throw ConfigError.of('policy.unit', unit.kind, "a unit of kind 'neuron' (the gpu backend has kernels only for neurons)");
  }
  if (unit.activation.gpuSource === undefined) {
    throw ConfigError.of('policy.activation', unit.activation.name, 'an activation with gpu.js source (tanh, sigmoid, softplus, sin)');
  }
  return unit;
}
