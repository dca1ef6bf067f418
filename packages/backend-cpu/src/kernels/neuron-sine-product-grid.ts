import { isNeuronUnit, outputWeight, outputWeightDerivative, type PointSet, type ProductStructure } from '@mfpg/core';
import type { CpuKernelFamily, CpuPreparedKernels } from '../kernel-registry';
import { familyConfigs } from './family-configs';
import { writeProductGridGradient } from './product-grid-gradient';
import { requireNeuronUnit } from './require-neuron-unit';
import { requireProductGrid } from './require-product-grid';
import { withCapacity } from './scratch';
import { SineFactors } from './sine-factors';
import { declaresSineForm } from './sine-form';

const name = 'NeuronSineProductGrid';

/**
 * f_ν and D F(ν, θ_i) on a product grid for neurons whose activation declares the sine form
 * (Activation.sineForm, checked by sine-form.ts), by the addition formulas
 * sin(u + v) = sin u cos v + cos u sin v and cos(u + v) = cos u cos v − sin u sin v. Prepared at
 * (θ, grid), the first forward or drift computes every particle's sin u_o, cos u_o, sin v_i, cos v_i
 * (sine-factors.ts, 2N(O + I) sin/cos calls) and both read them; then the forward costs two
 * multiply-adds per pair and the drift six. sin and cos are bounded, so there is no overflow to
 * guard against.
 *
 * Accuracy: sin u, cos u, sin v, cos v are each within one ulp, so sin u cos v + cos u sin v is
 * within 5·2^−53 of sin z, and within 8·2^−53 of Math.sin(z) with the ℓ factor's rounding (relative
 * to |ℓ|); likewise each cos z of the drift. z is summed as u + v, not as w·x + b:
 * |Δz| ≤ (p + 1)·2^−53·max_j(|b| + Σ_k |w_k x_jk|).
 */
const neuronSineProductGridFamily: CpuKernelFamily = {
  name,
  compile({ unit, particleCount, parameterDim }) {
    const { outputBound } = requireNeuronUnit(unit, name);
    const factors = new SineFactors();
    let rowSlope = new Float64Array(0);
    let columnSlope = new Float64Array(0);
    const handle = new (class implements CpuPreparedKernels {
      theta: Float64Array = new Float64Array(0);
      pointCount = 0;
      grid: ProductStructure | undefined;
      /** Whether `factors` hold this preparation's. */
      filled = false;

      aim(theta: Float64Array, points: PointSet): this {
        this.theta = theta;
        this.pointCount = points.count;
        this.grid = requireProductGrid(points, name);
        this.filled = false;
        return this;
      }

      /** The factors at this preparation's θ, computed by its first forward or drift. */
      load(): SineFactors {
        if (!this.filled) factors.fill(this.theta, particleCount, parameterDim, this.grid!);
        this.filled = true;
        return factors;
      }

      forward(out: Float64Array): void {
        const { outerCount, innerCount } = this.grid!;
        const loaded = this.load();
        out.fill(0, 0, this.pointCount);
        for (let n = 0; n < particleCount; n++) {
          const ell = outputWeight(this.theta[n * parameterDim], outputBound);
          addSineTerms(ell, loaded, n * outerCount, outerCount, n * innerCount, innerCount, out);
        }
        const scale = 1 / particleCount;
        for (let j = 0; j < this.pointCount; j++) out[j] *= scale;
      }

      drift(weights: Float64Array, out: Float64Array): void {
        const grid = this.grid!;
        const { outerCount, innerCount } = grid;
        const loaded = this.load();
        rowSlope = withCapacity(rowSlope, outerCount);
        columnSlope = withCapacity(columnSlope, innerCount);
        for (let n = 0; n < particleCount; n++) {
          const base = n * parameterDim;
          const c = this.theta[base];
          columnSlope.fill(0, 0, innerCount);
          const valueSum = sineDriftSums(loaded, n * outerCount, outerCount, n * innerCount, innerCount, weights, rowSlope, columnSlope);
          const ell = outputWeight(c, outputBound);
          writeProductGridGradient(grid, base, outputWeightDerivative(c, outputBound), valueSum, ell, rowSlope, columnSlope, out);
        }
      }
    })();
    return (theta, points) => handle.aim(theta, points);
  },
};

/**
 * One particle's forward pair loop, its factors from `outerAt` and `innerAt`:
 * out[o·I + i] += (ℓ sin u_o)·cos v_i + (ℓ cos u_o)·sin v_i. (A function of its own so the factor
 * arrays are locals, which V8 optimises better than reassignable closure variables in the inner loop.)
 */
function addSineTerms(
  ell: number,
  { outerSin, outerCos, innerSin, innerCos }: SineFactors,
  outerAt: number,
  outerCount: number,
  innerAt: number,
  innerCount: number,
  out: Float64Array,
): void {
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const s = ell * outerSin[outerAt + o];
    const c = ell * outerCos[outerAt + o];
    for (let i = 0; i < innerCount; i++) out[row + i] += s * innerCos[innerAt + i] + c * innerSin[innerAt + i];
  }
}

/**
 * One particle's drift pair loop, its factors from `outerAt` and `innerAt`: returns Σ_oi W_oi sin z_oi
 * and sets rowSlope[o] = Σ_i W_oi cos z_oi, columnSlope[i] += Σ_o W_oi cos z_oi, by the addition
 * formulas (a function of its own for the reason addSineTerms is).
 */
function sineDriftSums(
  { outerSin, outerCos, innerSin, innerCos }: SineFactors,
  outerAt: number,
  outerCount: number,
  innerAt: number,
  innerCount: number,
  weights: Float64Array,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
): number {
  let valueSum = 0;
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const s = outerSin[outerAt + o];
    const c = outerCos[outerAt + o];
    let slopeSum = 0;
    for (let i = 0; i < innerCount; i++) {
      const weight = weights[row + i];
      valueSum += weight * (s * innerCos[innerAt + i] + c * innerSin[innerAt + i]);
      const slope = weight * (c * innerCos[innerAt + i] - s * innerSin[innerAt + i]);
      slopeSum += slope;
      columnSlope[i] += slope;
    }
    rowSlope[o] = slopeSum;
  }
  return valueSum;
}

export const { forward: neuronSineProductGridForwardConfig, drift: neuronSineProductGridDriftConfig } = familyConfigs({
  family: neuronSineProductGridFamily,
  unitKind: 'neuron',
  layout: 'product-grid',
  supports: (unit) => isNeuronUnit(unit) && declaresSineForm(unit.activation),
});
