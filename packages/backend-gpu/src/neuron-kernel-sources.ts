/**
 * gpu.js kernel sources for the neuron unit φ(θ, x) = ℓ(c)·ϱ(w·x + b) (docs/math.md §2), generated for
 * one (N, M, p) so loop bounds and strides are literals (GLSL needs constant loop bounds; webasm
 * unrolls the feature loops). Inputs are float32: `params` is N×d row-major with ℓ(c) in place of c
 * (the host computes ℓ and ℓ' in float64), `points` M×p, `weights` M.
 */

const literal = (value: number) => (Number.isInteger(value) ? `${value}.0` : String(value));

/** z = b + Σ_k w_k x_k in the reference summation order (NeuronUnit): bias first, then features. */
function preActivation(p: number, particle: string, point: string, d: number): string {
  const terms = Array.from({ length: p }, (_, k) => ` + params[${particle} * ${d} + ${1 + k}] * points[${point} * ${p} + ${k}]`);
  return `params[${particle} * ${d} + ${p + 1}]${terms.join('')}`;
}

/** f(x_j) = (1/N) Σ_i ℓ_i ϱ(z_ij): one thread per point, particles summed in index order. */
export function forwardKernelSource(particleCount: number, p: number): string {
  const d = p + 2;
  return `function (params, points) {
  const j = this.thread.x;
  let sum = 0.0;
  for (let i = 0; i < ${particleCount}; i++) {
    const z = ${preActivation(p, 'i', 'j', d)};
    sum += params[i * ${d}] * activationValue(z);
  }
  return sum * ${literal(1 / particleCount)};
}`;
}

/** Number of drift kernels for p features: the p + 2 sums go four to a kernel (vec4 outputs). */
export const driftGroupCount = (p: number) => Math.ceil((p + 2) / 4);

/**
 * One particle per thread computing four of its p + 2 drift sums at once (docs/architecture.md: 2–5×
 * faster than a thread per component): sum 0 = Σ_j W_j ϱ(z_ij), sum 1 = Σ_j W_j ϱ'(z_ij),
 * sum 2 + k = Σ_j W_j ϱ'(z_ij) x_jk. Group g returns sums 4g … 4g + 3 (missing ones are 0).
 */
export function driftKernelSource(pointCount: number, p: number, group: number): string {
  const d = p + 2;
  const sums = [0, 1, 2, 3].map((lane) => 4 * group + lane);
  const needsSlope = sums.some((m) => m >= 1 && m < p + 2);
  const update = sums
    .map((m, lane) => {
      if (m === 0) return `    s${lane} += weight * activationValue(z);`;
      if (m === 1) return `    s${lane} += slope;`;
      if (m < p + 2) return `    s${lane} += slope * points[j * ${p} + ${m - 2}];`;
      return '';
    })
    .filter((line) => line !== '')
    .join('\n');
  return `function (params, points, weights) {
  const i = this.thread.x;
  let s0 = 0.0;
  let s1 = 0.0;
  let s2 = 0.0;
  let s3 = 0.0;
  for (let j = 0; j < ${pointCount}; j++) {
    const z = ${preActivation(p, 'i', 'j', d)};
    const weight = weights[j];
${needsSlope ? '    const slope = weight * activationDerivative(z);\n' : ''}${update}
  }
  return [s0, s1, s2, s3];
}`;
}
