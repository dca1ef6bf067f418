import type { ProductStructure } from '../plugin-points/point-set';

/**
 * The tensor-product structure of grid features that an environment did not declare
 * (`Environment.separableFeatures` absent): `data` holds x(s_i, a_k) at row i·K + k (S state nodes,
 * K action nodes, p coordinates). When, for some q, coordinates 0 … q−1 depend only on the state
 * node and q … p−1 only on the action node — each compared for exact equality across the grid, so
 * the factors reproduce every row bit for bit — returns outer = those state coordinates per state
 * node and inner = those action coordinates per action node; else undefined. Backends then run
 * their product-grid kernels (docs/architecture.md "Tensor-product grids"), so a user's features that
 * happen to split cost what declared ones do. One O(S·K·p) pass per discretisation.
 */
export function inferProductStructure(
  data: Float64Array,
  stateCount: number,
  actionCount: number,
  p: number,
): ProductStructure | undefined {
  if (stateCount < 1 || actionCount < 1 || p < 1) return undefined;
  const stateOnly = new Array<boolean>(p).fill(true);
  const actionOnly = new Array<boolean>(p).fill(true);
  for (let i = 0; i < stateCount; i++) {
    for (let k = 0; k < actionCount; k++) {
      const row = (i * actionCount + k) * p;
      const sameState = i * actionCount * p;
      const sameAction = k * p;
      for (let c = 0; c < p; c++) {
        const x = data[row + c];
        // Rows (i, 0) and (0, k): a state-only coordinate repeats along k, an action-only one along i.
        if (x !== data[sameState + c]) stateOnly[c] = false;
        if (x !== data[sameAction + c]) actionOnly[c] = false;
      }
    }
  }
  let q = 0;
  while (q < p && stateOnly[q]) q++;
  // The coordinates from q on must all be action-only (a constant coordinate is both, and goes to
  // the state side when it comes first): the split exists iff the action-only tail reaches q.
  let actionOnlyFrom = p;
  while (actionOnlyFrom > 0 && actionOnly[actionOnlyFrom - 1]) actionOnlyFrom--;
  if (q < actionOnlyFrom) return undefined;
  const outer = new Float64Array(stateCount * q);
  for (let i = 0; i < stateCount; i++) outer.set(data.subarray(i * actionCount * p, i * actionCount * p + q), i * q);
  const innerDim = p - q;
  const inner = new Float64Array(actionCount * innerDim);
  for (let k = 0; k < actionCount; k++) inner.set(data.subarray(k * p + q, (k + 1) * p), k * innerDim);
  return { outerCount: stateCount, outerDim: q, outer, innerCount: actionCount, innerDim, inner };
}
