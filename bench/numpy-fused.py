"""NumPy float32 reference for bench/run.mjs: the same fused forward + drift of the neuron unit
phi(theta, x) = ell(c) tanh(w.x + b), theta = (c, w, b), ell(c) = L tanh(c/L), on general points.
Usage: python3 numpy-fused.py N M p repeats_min_seconds; prints one JSON line with seconds per call."""
import json
import sys
import time

import numpy as np


def main():
    n, m, p, min_seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    rng = np.random.default_rng(1)
    theta = rng.standard_normal((n, p + 2)).astype(np.float32)
    x = rng.uniform(-1, 1, (m, p)).astype(np.float32)
    weights = (rng.standard_normal(m) / m).astype(np.float32)
    bound = np.float32(3)

    def forward():
        ell = bound * np.tanh(theta[:, 0] / bound)
        t = np.tanh(theta[:, 1:p + 1] @ x.T + theta[:, p + 1:p + 2])  # N x M
        return ell @ t / np.float32(n), t

    def forward_drift():
        f, t = forward()
        c = theta[:, 0]
        th = np.tanh(c / bound)
        ell = bound * th
        value_sum = t @ weights  # N
        slope = (np.float32(1) - t * t) * weights  # N x M
        grad = np.empty_like(theta)
        grad[:, 0] = (np.float32(1) - th * th) * value_sum
        grad[:, 1:p + 1] = ell[:, None] * (slope @ x)
        grad[:, p + 1] = ell * slope.sum(axis=1)
        return f, grad

    result = {}
    for name, fn in (("forward", forward), ("forward+drift", forward_drift)):
        fn()
        runs = 0
        start = time.perf_counter()
        while True:
            fn()
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds and runs >= 2:
                break
        result[name] = elapsed / runs
    print(json.dumps({"numpy": np.__version__, "seconds": result}))


main()
