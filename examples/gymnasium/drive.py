"""Drive a Gymnasium environment with a trained mfpg policy served by `mfpg act` (docs/control.md).

    python3 -m pip install gymnasium
    python3 examples/gymnasium/drive.py RUN_DIR --env Pendulum-v1 --episodes 100

One JSON state per line goes to `mfpg act RUN_DIR`, one JSON action per line comes back. States are
in mfpg's coordinates: Pendulum (θ, θ̇) from the observation (cos θ, sin θ, θ̇); MountainCar (x, v)
is the observation itself. Prints the mean undiscounted return ± its standard error.
"""
import argparse
import json
import math
import os
import subprocess
import sys

import gymnasium as gym


def to_state(env_id, observation):
    if env_id.startswith("Pendulum"):
        cos_theta, sin_theta, theta_dot = (float(x) for x in observation)
        return [math.atan2(sin_theta, cos_theta), theta_dot]
    return [float(x) for x in observation]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("run")
    parser.add_argument("--env", default="Pendulum-v1")
    parser.add_argument("--episodes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", default="mode", choices=["mode", "sample"])
    parser.add_argument("--mfpg", default=os.path.join(os.path.dirname(__file__), "..", "..", "packages", "mfpg", "bin", "mfpg.js"))
    args = parser.parse_args()

    server = subprocess.Popen(["node", args.mfpg, "act", args.run, "--mode", args.mode, "--seed", str(args.seed)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    env = gym.make(args.env)
    returns = []
    for episode in range(args.episodes):
        observation, _ = env.reset(seed=args.seed + episode)
        total, done = 0.0, False
        while not done:
            server.stdin.write(json.dumps(to_state(args.env, observation)) + "\n")
            server.stdin.flush()
            action = json.loads(server.stdout.readline())
            observation, reward, terminated, truncated, _ = env.step(action)
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    server.stdin.close()
    server.wait()
    n = len(returns)
    mean = sum(returns) / n
    se = math.sqrt(sum((r - mean) ** 2 for r in returns) / (n - 1) / n) if n > 1 else float("nan")
    print(f"{args.env}: {n} episodes ({args.mode} actions): return {mean:.2f} ± {se:.2f} (mean ± standard error)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
