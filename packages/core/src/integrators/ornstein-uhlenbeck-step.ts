import type { Random } from '../plugin-points/random';

/**
 * The exact Ornstein–Uhlenbeck flow of dθ = −κθ dt + σ dW over a time h (docs/math.md §6), with
 * κ = σ²/(2 s0²): θ ← e^{−κh} θ + s0·sqrt(1 − e^{−2κh})·ξ, ξ ~ N(0, I), entrywise on θ[0 … size).
 *
 * Draws exactly one `rng.fillNormal` of `size` numbers into `noise`, in θ's row-major order.
 * expm1 keeps 1 − e^{−2κh} accurate when κh ≪ 1.
 */
export function ornsteinUhlenbeckStep(
  theta: Float64Array,
  size: number,
  sigma: number,
  s0: number,
  h: number,
  rng: Random,
  noise: Float64Array,
): void {
  const kappa = (sigma * sigma) / (2 * s0 * s0);
  const decay = Math.exp(-kappa * h);
  const scale = s0 * Math.sqrt(-Math.expm1(-2 * kappa * h));
  rng.fillNormal(noise, 0, size);
  for (let k = 0; k < size; k++) theta[k] = decay * theta[k] + scale * noise[k];
}
