import type { PointSet, ProductStructure } from '@mfpg/core';

/** The point set's product structure, for kernels registered on the `product-grid` layout. */
export function requireProductGrid(points: PointSet, kernelName: string): ProductStructure {
  if (points.product === undefined) throw new TypeError(`${kernelName}: the point set has no product structure`);
  return points.product;
}
