/**
 * (1/N) Σ_i term(i, j) for each j < pointCount, N = particleCount: summed over the particles in
 * order, then divided by N — the naive forward's reduction, which the forward's round-off bound
 * follows term by term.
 */
export function particleMeans(particleCount: number, pointCount: number, term: (i: number, j: number) => number): Float64Array {
  const means = new Float64Array(pointCount);
  for (let j = 0; j < pointCount; j++) {
    let sum = 0;
    for (let i = 0; i < particleCount; i++) sum += term(i, j);
    means[j] = sum / particleCount;
  }
  return means;
}
