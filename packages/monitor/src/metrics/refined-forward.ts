import type { ParticleBackend, ParticleKernels, PointSet, Unit } from '@mfpg/core';

/**
 * f_ν(x_j) = (1/N) Σ_i φ(θ_i, x_j) at a point set of a metric's own (grid-refinement's finer grid).
 *
 * With the run's backend it compiles that backend's kernels once for (unit, N, d) — the kernels the
 * engine runs, of the backend's precision, on product-grid kernels when the points carry their
 * product structure — and calls their forward. Without a backend, or when the kernels answer with
 * a promise, it sums Unit.value pair by pair: a metric's row is assembled within the step's own
 * notification (pipeline/assemble-rows.ts), so an asynchronous device (the gpu backend) cannot be
 * awaited there. Whether the kernels answer synchronously is probed once, on one point, so an
 * asynchronous device never computes the whole refined grid for nothing.
 */
export class RefinedForward {
  private kernels: ParticleKernels | undefined;
  /** Set once the backend's kernels answered a call with a promise. */
  private asynchronous = false;
  private readonly probe: PointSet;
  private readonly probeOut = new Float64Array(1);
  /** Row views of the points, made on the first unit-loop evaluation. */
  private rows: Float64Array[] | undefined;

  constructor(
    private readonly unit: Unit,
    readonly points: PointSet,
    private readonly backend?: ParticleBackend,
  ) {
    this.probe = { count: 1, dim: points.dim, data: points.data.subarray(0, points.dim) };
  }

  /** Whether the backend's kernels computed the evaluations so far (false: Unit.value pair by pair). */
  get usesKernels(): boolean {
    return this.kernels !== undefined;
  }

  /** out[j] = f_ν(x_j) for the N×d row-major particles `theta`, j < points.count. */
  evaluate(theta: Float64Array, particleCount: number, dim: number, out: Float64Array): void {
    const kernels = this.kernelsFor(theta, particleCount, dim);
    if (kernels !== undefined) {
      if (answersNow(kernels.forward(theta, this.points, out))) return;
      this.kernels = undefined;
      this.asynchronous = true;
    }
    this.unitLoop(theta, particleCount, dim, out);
  }

  private kernelsFor(theta: Float64Array, particleCount: number, dim: number): ParticleKernels | undefined {
    if (this.kernels !== undefined || this.asynchronous || this.backend === undefined) return this.kernels;
    const kernels = this.backend.compile(this.unit, particleCount, dim);
    if (answersNow(kernels.forward(theta, this.probe, this.probeOut))) this.kernels = kernels;
    else this.asynchronous = true;
    return this.kernels;
  }

  private unitLoop(theta: Float64Array, particleCount: number, dim: number, out: Float64Array): void {
    const { count, dim: p, data } = this.points;
    const rows = (this.rows ??= Array.from({ length: count }, (_, j) => data.subarray(j * p, (j + 1) * p)));
    const particles = Array.from({ length: particleCount }, (_, i) => theta.subarray(i * dim, (i + 1) * dim));
    for (let j = 0; j < count; j++) {
      const x = rows[j];
      let sum = 0;
      for (let i = 0; i < particleCount; i++) sum += this.unit.value(particles[i], x);
      out[j] = sum / particleCount;
    }
  }
}

/**
 * True when a kernel call finished synchronously; a promise is left to settle on its own (its
 * rejection silenced: the unit loop computes the numbers instead).
 */
function answersNow(answer: void | Promise<void>): boolean {
  if (answer === undefined || typeof (answer as Promise<void>).then !== 'function') return true;
  (answer as Promise<void>).then(undefined, () => undefined);
  return false;
}
