"""JAX reference for bench/run.mjs: the fused forward + drift of numpy-fused.py, jit-compiled by XLA.
Usage: python3 jax-fused.py N M p repeats_min_seconds float32|float64; prints one JSON line with
the fastest call's seconds (compilation excluded: one warm-up call first), or {"error": ...} when JAX cannot be
imported (the bench then skips the JAX column)."""
import json
import sys
import time


def main():
    n, m, p, min_seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    dtype_name = sys.argv[5] if len(sys.argv) > 5 else "float32"
    try:
        import jax
        import numpy as np
    except Exception as error:  # absent or broken: report, never fail the bench
        print(json.dumps({"error": f"jax not importable ({type(error).__name__}: {error}); python3 -m pip install jax"}))
        return
    if dtype_name == "float64":
        jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    dtype = jnp.dtype(dtype_name)
    rng = np.random.default_rng(1)
    theta = jnp.asarray(rng.standard_normal((n, p + 2)), dtype=dtype)
    x = jnp.asarray(rng.uniform(-1, 1, (m, p)), dtype=dtype)
    weights = jnp.asarray(rng.standard_normal(m) / m, dtype=dtype)
    bound = 3.0

    def forward_values(theta):
        ell = bound * jnp.tanh(theta[:, 0] / bound)
        t = jnp.tanh(theta[:, 1:p + 1] @ x.T + theta[:, p + 1:p + 2])  # N x M
        return ell @ t / n, t

    @jax.jit
    def forward(theta):
        return forward_values(theta)[0]

    @jax.jit
    def forward_drift(theta):
        f, t = forward_values(theta)
        th = jnp.tanh(theta[:, 0] / bound)
        ell = bound * th
        value_sum = t @ weights
        slope = (1 - t * t) * weights
        grad = jnp.concatenate(
            [((1 - th * th) * value_sum)[:, None], ell[:, None] * (slope @ x), (ell * slope.sum(axis=1))[:, None]],
            axis=1,
        )
        return f, grad

    result = {}
    for name, fn in (("forward", forward), ("forward+drift", forward_drift)):
        jax.block_until_ready(fn(theta))
        runs = 0
        best = float("inf")
        start = time.perf_counter()
        while True:
            before = time.perf_counter()
            jax.block_until_ready(fn(theta))
            best = min(best, time.perf_counter() - before)
            runs += 1
            if time.perf_counter() - start >= min_seconds and runs >= 3:
                break
        # The fastest call, as bench/run.mjs: least disturbed by other processes on a shared machine.
        result[name] = best
    print(json.dumps({"jax": jax.__version__, "dtype": dtype_name, "seconds": result}))


main()
