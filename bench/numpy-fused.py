"""NumPy reference for bench/run.mjs: the same fused forward + drift of the neuron unit
phi(theta, x) = ell(c) tanh(w.x + b), theta = (c, w, b), ell(c) = L tanh(c/L), on general points.
Usage: python3 numpy-fused.py N M p repeats_min_seconds [float32|float64]; prints one JSON line with
the fastest call's seconds."""
import json
import sys
import time

import numpy as np


def main():
    n, m, p, min_seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    dtype = np.dtype(sys.argv[5] if len(sys.argv) > 5 else "float32")
    one = dtype.type(1)
    rng = np.random.default_rng(1)
    theta = rng.standard_normal((n, p + 2)).astype(dtype)
    x = rng.uniform(-1, 1, (m, p)).astype(dtype)
    weights = (rng.standard_normal(m) / m).astype(dtype)
    bound = dtype.type(3)

    def forward():
        ell = bound * np.tanh(theta[:, 0] / bound)
        t = np.tanh(theta[:, 1:p + 1] @ x.T + theta[:, p + 1:p + 2])  # N x M
        return ell @ t / dtype.type(n), t

    def forward_drift():
        f, t = forward()
        c = theta[:, 0]
        th = np.tanh(c / bound)
        ell = bound * th
        value_sum = t @ weights  # N
        slope = (one - t * t) * weights  # N x M
        grad = np.empty_like(theta)
        grad[:, 0] = (one - th * th) * value_sum
        grad[:, 1:p + 1] = ell[:, None] * (slope @ x)
        grad[:, p + 1] = ell * slope.sum(axis=1)
        return f, grad

    result = {}
    for name, fn in (("forward", forward), ("forward+drift", forward_drift)):
        fn()
        runs = 0
        best = float("inf")
        start = time.perf_counter()
        while True:
            before = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - before)
            runs += 1
            if time.perf_counter() - start >= min_seconds and runs >= 3:
                break
        # The fastest call, as bench/run.mjs: least disturbed by other processes on a shared machine.
        result[name] = best
    print(json.dumps({"numpy": np.__version__, "dtype": dtype.name, "seconds": result}))


main()
