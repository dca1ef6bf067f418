# The peer of bench/grid-solvers.ts §2: SciPy's SuperLU (scipy.sparse.linalg.splu) on the same
# I − γP_π, factor plus the two solves (V: A x = b, d: Aᵀ y = c), wall ms per call.
# Reads one JSON object {n, rowStart, columns, values, calls} on stdin; prints {permc_spec: [ms…]}.
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

problem = json.load(sys.stdin)
n = problem['n']
A = sp.csr_matrix((problem['values'], problem['columns'], problem['rowStart']), shape=(n, n)).tocsc()
b = np.ones(n)
times = {}
for spec in ['COLAMD', 'MMD_AT_PLUS_A']:
    runs = []
    for _ in range(problem['calls']):
        start = time.perf_counter()
        lu = sla.splu(A, permc_spec=spec)
        lu.solve(b)
        lu.solve(b, trans='T')
        runs.append((time.perf_counter() - start) * 1e3)
    times[spec] = runs
print(json.dumps(times))
