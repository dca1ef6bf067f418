/**
 * The sparsity pattern of an n×n matrix in compressed sparse row form: the column indices of row i
 * are columns[rowStart[i] … rowStart[i+1]), in any order, repeats allowed.
 */
export interface SparsityPattern {
  readonly n: number;
  /** n + 1 offsets into `columns`, non-decreasing, rowStart[0] = 0. */
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
}

/**
 * The reverse Cuthill–McKee ordering (Cuthill & McKee 1969; George & Liu 1981) of the symmetrised
 * pattern A + Aᵀ: a breadth-first numbering from a pseudo-peripheral node, neighbours by increasing
 * degree, reversed. It makes the profile (envelope) of a matrix whose graph is a mesh — the kernel
 * of an interpolated grid — about √n·(stencil radius) wide, which is what a skyline factorisation
 * pays for. Deterministic: ties are broken by the original index.
 *
 * @returns order: order[new] = old index, a permutation of 0…n−1
 */
export function reverseCuthillMcKee(pattern: SparsityPattern): Int32Array {
  const { n } = pattern;
  const graph = symmetricGraph(pattern);
  const order = new Int32Array(n);
  const visited = new Uint8Array(n);
  const level = new Int32Array(n);
  let filled = 0;
  for (let seed = 0; seed < n; seed++) {
    if (visited[seed]) continue;
    const start = pseudoPeripheralNode(graph, seed, level);
    filled = breadthFirst(graph, start, visited, order, filled);
  }
  order.reverse();
  return order;
}

/** Adjacency lists of A + Aᵀ without the diagonal, each sorted by index, as CSR. */
interface Graph {
  readonly n: number;
  readonly start: Int32Array;
  readonly neighbours: Int32Array;
}

function symmetricGraph(pattern: SparsityPattern): Graph {
  const { n, rowStart, columns } = pattern;
  const sets = Array.from({ length: n }, () => new Set<number>());
  for (let i = 0; i < n; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      if (!(j >= 0 && j < n)) throw new Error(`reverseCuthillMcKee: column ${j} of row ${i} lies outside 0…${n - 1}`);
      if (j === i) continue;
      sets[i].add(j);
      sets[j].add(i);
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + sets[i].size;
  const neighbours = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) neighbours.set([...sets[i]].sort((a, b) => a - b), start[i]);
  return { n, start, neighbours };
}

/** Breadth-first levels from `root` within its component (into `level` and `queue`); returns the depth. */
function levels(graph: Graph, root: number, level: Int32Array, queue: number[]): number {
  queue.length = 0;
  queue.push(root);
  level[root] = 0;
  const seen = new Set<number>([root]);
  let depth = 0;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    depth = level[node];
    for (let e = graph.start[node]; e < graph.start[node + 1]; e++) {
      const next = graph.neighbours[e];
      if (seen.has(next)) continue;
      seen.add(next);
      level[next] = level[node] + 1;
      queue.push(next);
    }
  }
  return depth;
}

/** George–Liu: move to a node of least degree in the last level while the eccentricity grows. */
function pseudoPeripheralNode(graph: Graph, seed: number, level: Int32Array): number {
  const queue: number[] = [];
  let root = seed;
  let depth = levels(graph, root, level, queue);
  for (;;) {
    let candidate = -1;
    for (const node of queue) {
      if (level[node] !== depth) continue;
      if (candidate < 0 || degree(graph, node) < degree(graph, candidate)) candidate = node;
    }
    const candidateDepth = levels(graph, candidate, level, queue);
    if (candidateDepth <= depth) return root;
    root = candidate;
    depth = candidateDepth;
  }
}

function degree(graph: Graph, node: number): number {
  return graph.start[node + 1] - graph.start[node];
}

/** Cuthill–McKee numbering of the component of `start` into order[filled…]; returns the new fill. */
function breadthFirst(graph: Graph, start: number, visited: Uint8Array, order: Int32Array, filled: number): number {
  let head = filled;
  order[filled++] = start;
  visited[start] = 1;
  const fresh: number[] = [];
  while (head < filled) {
    const node = order[head++];
    fresh.length = 0;
    for (let e = graph.start[node]; e < graph.start[node + 1]; e++) {
      const next = graph.neighbours[e];
      if (visited[next]) continue;
      visited[next] = 1;
      fresh.push(next);
    }
    fresh.sort((a, b) => degree(graph, a) - degree(graph, b) || a - b);
    for (const next of fresh) order[filled++] = next;
  }
  return filled;
}
