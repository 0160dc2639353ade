#!/usr/bin/env python3
"""Compares two `stf2m faces --json` outputs of the same picture (CPU and CUDA): the same faces in
the same order, and the largest absolute difference of boxes and landmarks (pixels), detection
scores and expression probabilities. Usage: compare_faces.py BOUND A.json B.json [more pairs...];
prints one line per pair and exits 1 when a face count differs or a difference exceeds BOUND."""
import json
import sys


def faces(path):
    with open(path) as f:
        return [face for frame in json.load(f)["frames"] for face in frame["faces"]]


def main():
    bound = float(sys.argv[1])
    pairs = sys.argv[2:]
    worst = {"box": 0.0, "score": 0.0, "landmarks": 0.0, "expressions": 0.0}
    ok = True
    for a_path, b_path in zip(pairs[0::2], pairs[1::2]):
        a, b = faces(a_path), faces(b_path)
        if len(a) != len(b):
            print(f"{b_path}: {len(b)} faces against {len(a)} in {a_path}")
            ok = False
            continue
        diff = {k: 0.0 for k in worst}
        for fa, fb in zip(a, b):
            diff["box"] = max([diff["box"]] + [abs(x - y) for x, y in zip(fa["box"], fb["box"])])
            diff["score"] = max(diff["score"], abs(fa["score"] - fb["score"]))
            for pa, pb in zip(fa["landmarks"], fb["landmarks"]):
                diff["landmarks"] = max(diff["landmarks"], abs(pa[0] - pb[0]), abs(pa[1] - pb[1]))
            for name, p in fa["expressions"].items():
                diff["expressions"] = max(diff["expressions"], abs(p - fb["expressions"][name]))
        print(f"{b_path}: {len(a)} faces, max |difference|: box {diff['box']:.2e} px, score {diff['score']:.2e}, "
              f"landmarks {diff['landmarks']:.2e} px, expressions {diff['expressions']:.2e}")
        for k in worst:
            worst[k] = max(worst[k], diff[k])
        ok = ok and max(diff.values()) <= bound
    print("worst: " + ", ".join(f"{k} {v:.2e}" for k, v in worst.items()) + f" (bound {bound:g}): " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
