#!/usr/bin/env python3
"""Writes a synthetic binary-classification CSV: ROWS rows of FEATURES numeric columns x0..x{n-1}
and a 0/1 `label` drawn from a fixed linear rule plus noise (so a model has something to learn).

    bench/synthetic.py ROWS FEATURES [SEED] > synth.csv
"""
import random
import sys


def main():
    rows, features = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    weights = [rng.uniform(-1, 1) for _ in range(features)]
    out = sys.stdout
    out.write(",".join(f"x{i}" for i in range(features)) + ",label\n")
    for _ in range(rows):
        x = [rng.gauss(0, 1) for _ in range(features)]
        score = sum(w * v for w, v in zip(weights, x)) + rng.gauss(0, 0.5)
        out.write(",".join(f"{v:.4f}" for v in x) + ("," + ("1" if score > 0 else "0")) + "\n")


if __name__ == "__main__":
    main()
