import type { LineChartSeries } from './line-chart';

/** t_{0.975, ν} for ν = 1…30 degrees of freedom (Student's t, two-sided 95 %). */
const STUDENT_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * t_{0.975, ν}: the table up to ν = 30, beyond it the Cornish–Fisher expansion
 * z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) with z = 1.959964 (error < 0.0005 for ν > 30).
 */
export function studentQuantile975(degreesOfFreedom: number): number {
  if (!Number.isInteger(degreesOfFreedom) || degreesOfFreedom < 1) throw new RangeError(`degrees of freedom must be an integer ≥ 1, got ${degreesOfFreedom}`);
  if (degreesOfFreedom <= STUDENT_975.length) return STUDENT_975[degreesOfFreedom - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * degreesOfFreedom) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * degreesOfFreedom ** 2);
}

/**
 * One curve from the same quantity run with several seeds: the mean across seeds at each index,
 * with a 95 % confidence band for that mean, mean ± t_{0.975, n−1}·s/√n (s the sample standard
 * deviation of the n seeds; Student's t, since n is small). The curves share their x (the first
 * curve's is used, up to the shortest length); a point any seed lacks (NaN) is NaN. One seed: no band.
 */
export function acrossSeeds(label: string, curves: readonly { readonly x: readonly number[]; readonly y: readonly number[] }[]): LineChartSeries {
  if (curves.length === 0) throw new RangeError('acrossSeeds needs at least one curve');
  const n = curves.length;
  const length = Math.min(...curves.map((curve) => Math.min(curve.x.length, curve.y.length)));
  const x = curves[0].x.slice(0, length);
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const curve of curves) sum += curve.y[i];
    const average = sum / n;
    let squares = 0;
    for (const curve of curves) squares += (curve.y[i] - average) ** 2;
    const halfWidth = n > 1 ? (studentQuantile975(n - 1) * Math.sqrt(squares / (n - 1))) / Math.sqrt(n) : 0;
    mean.push(average);
    lower.push(average - halfWidth);
    upper.push(average + halfWidth);
  }
  return n > 1 ? { label: `${label} (mean of ${n} seeds, 95 % band)`, x, y: mean, band: { lower, upper } } : { label, x, y: mean };
}
