import type { PointSet } from './point-set';
import type { Unit } from './unit';

export const ParticleBackend = Symbol.for('mfpg.ParticleBackend');

/**
 * The two N×M reductions of a step (docs/architecture.md), compiled for one unit and particle count.
 * `theta` is N×d row-major. Methods may return a promise (asynchronous devices); callers await.
 */
export interface ParticleKernels {
  /** out[j] = f_ν(x_j) = (1/N) Σ_i φ(θ_i, x_j), for j < points.count. */
  forward(theta: Float64Array, points: PointSet, out: Float64Array): void | Promise<void>;
  /** out[i·d + k] = Σ_j weights[j] · ∂φ/∂θ_k (θ_i, x_j) — the intrinsic derivative D F(ν, θ_i) (docs/math.md §3). */
  drift(theta: Float64Array, points: PointSet, weights: Float64Array, out: Float64Array): void | Promise<void>;
  /**
   * Binds θ and the points for a forward and drifts at them, so work both share (inputs laid out
   * for the device, per-particle factors) is done once. The handle reads `theta` and `points` when
   * used: neither may change while it is in use, and it is valid until the next `prepare` on
   * these kernels (a backend may reuse one handle object, so the step loop allocates nothing).
   * Absent: the engine binds forward and drift as they are (engine/prepare-kernels.ts).
   */
  prepare?(theta: Float64Array, points: PointSet): PreparedKernels;
}

/** Forward and drift at the θ and points of {@link ParticleKernels.prepare}. */
export interface PreparedKernels {
  /** As {@link ParticleKernels.forward} at the prepared θ and points. */
  forward(out: Float64Array): void | Promise<void>;
  /** As {@link ParticleKernels.drift} at the prepared θ and points. */
  drift(weights: Float64Array, out: Float64Array): void | Promise<void>;
}

/** A compute backend: compiles kernels once per run; the hot loop calls them directly. */
export interface ParticleBackend {
  readonly name: string;
  /** What actually runs, for logs and summary.json (e.g. the gpu.js mode `auto` picked). */
  describe?(): string;
  compile(unit: Unit, particleCount: number, parameterDim: number): ParticleKernels;
}

/** `{ backend }` for summary.json: the backend's own description, else its name. */
export function backendSummary(backend: ParticleBackend): { readonly backend: string } {
  return { backend: backend.describe?.() ?? backend.name };
}
