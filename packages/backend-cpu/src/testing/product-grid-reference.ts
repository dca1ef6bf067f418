import { outputWeight, outputWeightDerivative, type LogisticForm, type ProductStructure } from '@mfpg/core';
import { directDriftSums } from '../kernels/product-grid-direct';
import { logisticValue } from '../kernels/logistic-form-values';
import { writeProductGridGradient } from '../kernels/product-grid-gradient';
import { splitPreActivation } from '../kernels/product-grid-pre-activation';
import { referenceSplitExponentials } from './split-reference';

/**
 * The float64 logistic product-grid kernels as scalar JavaScript, in the operation order every
 * WebAssembly lane must keep (assembly/logistic-product-grid*.ts): the split of split-reference.ts,
 * the forward ℓα summed once and ℓβ/(1 + e^{κu}·e^{κv}) per pair with the particles in index order,
 * the drift's pair loop W r, (W r)·(E r) into rows and columns, and the gradient of
 * writeProductGridGradient. The kernels must return these bits.
 */
export class ProductGridReference {
  private readonly u: Float64Array;
  private readonly v: Float64Array;

  constructor(
    private readonly form: LogisticForm,
    private readonly outputBound: number,
    private readonly grid: ProductStructure,
  ) {
    this.u = new Float64Array(grid.outerCount);
    this.v = new Float64Array(grid.innerCount);
  }

  /** u, v of particle i and its split exponentials (undefined: pair by pair). */
  private split(theta: Float64Array, i: number, d: number) {
    splitPreActivation(theta, i * d, this.grid, this.u, this.v);
    return referenceSplitExponentials(this.form, this.u, this.v);
  }

  forward(theta: Float64Array, n: number): Float64Array {
    const { form, grid, u, v } = this;
    const { outerCount, innerCount } = grid;
    const d = theta.length / n;
    const out = new Float64Array(outerCount * innerCount);
    let constant = 0;
    for (let i = 0; i < n; i++) {
      const ell = outputWeight(theta[i * d], this.outputBound);
      const split = this.split(theta, i, d);
      for (let o = 0; o < outerCount; o++) {
        for (let k = 0; k < innerCount; k++) {
          out[o * innerCount + k] += split === undefined ? ell * logisticValue(form, u[o] + v[k]) : (form.beta * ell) / (1 + split.eu[o] * split.ev[k]);
        }
      }
      if (split !== undefined) constant += form.alpha * ell;
    }
    return out.map((sum) => (sum + constant) * (1 / n));
  }

  drift(theta: Float64Array, n: number, weights: Float64Array): Float64Array {
    const { form, grid, u, v } = this;
    const { outerCount, innerCount } = grid;
    const d = theta.length / n;
    const out = new Float64Array(n * d);
    let weightSum = 0;
    for (const weight of weights) weightSum += weight;
    const rowSlope = new Float64Array(outerCount);
    const columnSlope = new Float64Array(innerCount);
    for (let i = 0; i < n; i++) {
      const c = theta[i * d];
      const ell = outputWeight(c, this.outputBound);
      const ellSlope = outputWeightDerivative(c, this.outputBound);
      const split = this.split(theta, i, d);
      columnSlope.fill(0);
      if (split === undefined) {
        const valueSum = directDriftSums(form, u, outerCount, v, innerCount, weights, 0, rowSlope, columnSlope);
        writeProductGridGradient(grid, i * d, ellSlope, valueSum, ell, rowSlope, columnSlope, out);
        continue;
      }
      let rSum = 0;
      for (let o = 0; o < outerCount; o++) {
        let slopeSum = 0;
        for (let k = 0; k < innerCount; k++) {
          const e = split.eu[o] * split.ev[k];
          const r = 1 / (1 + e);
          const weightedR = weights[o * innerCount + k] * r;
          rSum += weightedR;
          const slope = weightedR * (e * r);
          slopeSum += slope;
          columnSlope[k] += slope;
        }
        rowSlope[o] = slopeSum;
      }
      const valueSum = form.alpha * weightSum + form.beta * rSum;
      writeProductGridGradient(grid, i * d, ellSlope, valueSum, form.gamma * ell, rowSlope, columnSlope, out);
    }
    return out;
  }
}
