import type { Space } from '../plugin-points/space';

/**
 * Whether x (length space.dim) is a point of the space: torus coordinates in [0, 1), box coordinates
 * in [low, high], finite points integers in [0, size), euclidean coordinates finite.
 */
export function inSpace(space: Space, x: ArrayLike<number>): boolean {
  if (x.length < space.dim) return false;
  for (let c = 0; c < space.dim; c++) {
    const v = x[c];
    if (!Number.isFinite(v)) return false;
    switch (space.kind) {
      case 'torus':
        if (!(v >= 0 && v < 1)) return false;
        break;
      case 'box':
        if (!(v >= space.low[c] && v <= space.high[c])) return false;
        break;
      case 'finite':
        if (!(Number.isInteger(v) && v >= 0 && v < space.size)) return false;
        break;
      case 'euclidean':
        break;
    }
  }
  return true;
}
