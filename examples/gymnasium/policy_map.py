"""SVG heat map of a trained policy's mode action over a 2-D state space, queried through `mfpg act`.

    python3 examples/gymnasium/policy_map.py RUN_DIR OUT.svg --x -3.14159,3.14159 --y -8,8 --action -2,2

Each cell is the mode action at the cell's centre (blue: most negative, red: most positive).
"""
import argparse
import json
import os
import subprocess


def colour(t):
    t = min(max(t, 0.0), 1.0)
    red = int(255 * min(1.0, 2 * t))
    blue = int(255 * min(1.0, 2 * (1 - t)))
    green = int(255 * (1 - abs(2 * t - 1)))
    return f"#{red:02x}{green:02x}{blue:02x}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("run")
    parser.add_argument("out")
    parser.add_argument("--x", required=True, help="low,high of the first state coordinate")
    parser.add_argument("--y", required=True, help="low,high of the second state coordinate")
    parser.add_argument("--action", required=True, help="low,high of the action (colour scale)")
    parser.add_argument("--cells", type=int, default=60)
    parser.add_argument("--title", default="mode action")
    parser.add_argument("--mfpg", default=os.path.join(os.path.dirname(__file__), "..", "..", "packages", "mfpg", "bin", "mfpg.js"))
    args = parser.parse_args()
    (x0, x1), (y0, y1), (a0, a1) = ([float(v) for v in s.split(",")] for s in (args.x, args.y, args.action))
    n = args.cells
    states = [[x0 + (i + 0.5) * (x1 - x0) / n, y0 + (j + 0.5) * (y1 - y0) / n] for j in range(n) for i in range(n)]
    result = subprocess.run(["node", args.mfpg, "act", args.run], input="".join(json.dumps(s) + "\n" for s in states),
                            capture_output=True, text=True, check=True)
    actions = [json.loads(line)[0] for line in result.stdout.splitlines()]
    size, margin = 6, 40
    width = n * size + 2 * margin
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{width + 20}" font-family="sans-serif" font-size="11">',
             f'<text x="{margin}" y="16">{args.title}: blue {a0:g} … red {a1:g}</text>']
    for index, action in enumerate(actions):
        i, j = index % n, index // n
        parts.append(f'<rect x="{margin + i * size}" y="{20 + margin + (n - 1 - j) * size}" width="{size}" height="{size}" fill="{colour((action - a0) / (a1 - a0))}"/>')
    parts.append(f'<text x="{margin}" y="{width + 15}">x: {x0:g} … {x1:g}</text>')
    parts.append(f'<text x="4" y="{margin + 10}" transform="rotate(-90 12 {margin + 60})">y: {y0:g} … {y1:g}</text>')
    parts.append("</svg>")
    with open(args.out, "w") as handle:
        handle.write("\n".join(parts))
    print(f"{args.out}: {len(actions)} cells")


if __name__ == "__main__":
    main()
