#!/usr/bin/env python3
"""Scores `culprit diff` on pairs of passing and failing runs.

    scripts/diff-score.py [--culprit PATH] [PAIR_DIR ...]   # default: tests/fixtures/diff/*

Each pair folder holds good*.log[.gz] (the passing runs, the baseline), bad.log[.gz] (the run
with one injected fault) and fault.txt (a regular expression that the injected fault's line
matches). Prints, per pair, whether a cause among the top 3 shows the fault (in its title or
evidence), the share of the failing run's lines flagged new, and how many lines a plain
comparison (digits masked, a line is new when no passing run has it) finds new: on a failing run
so short that 1% of it is less than the failure's own output, the share is held against that
instead (as tests/diff.rs does). Then the totals.
"""
import argparse
import glob
import gzip
import json
import os
import re
import subprocess
import sys


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def plainly_new(goods, bad):
    mask = lambda l: re.sub(r"[0-9]+", "0", l.rstrip())
    seen = {mask(l) for g in goods for l in lines(g)}
    return sum(mask(l) not in seen for l in lines(bad))


def score(culprit, pair):
    goods = sorted(glob.glob(os.path.join(pair, "good*.log*")))
    bad = sorted(glob.glob(os.path.join(pair, "bad.log*")))[0]
    fault = re.compile(open(os.path.join(pair, "fault.txt")).read().strip())
    cmd = [culprit, "diff", "--format", "json", "--quiet"]
    for g in goods:
        cmd += ["--baseline", g]
    cmd.append(bad)
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{pair}: culprit exited {out.returncode}: {out.stderr.strip()}")
    report = json.loads(out.stdout)
    rank = None
    for c in report["causes"]:
        texts = [c["title"]] + [e["text"] for e in c["evidence"]]
        if any(fault.search(t) for t in texts):
            rank = c["rank"]
            break
    b = report["baseline"]
    share = b["new_lines"] / max(1, b["target_lines"])
    return rank, share, b, plainly_new(goods, bad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--culprit", default="target/release/culprit")
    ap.add_argument("pairs", nargs="*")
    args = ap.parse_args()
    pairs = args.pairs or sorted(glob.glob("tests/fixtures/diff/*/"))
    hits = 0
    within = 0
    worst = 0.0
    for pair in pairs:
        rank, share, b, plain = score(args.culprit, pair)
        top3 = rank is not None and rank <= 3
        hits += top3
        ok = share < 0.01 or b["new_lines"] <= plain
        within += ok
        worst = max(worst, share)
        print(
            f"{os.path.basename(pair.rstrip('/')):32} fault at rank {rank or '-':>2}  "
            f"top-3 {'yes' if top3 else 'NO '}  new {b['new_lines']:>4}/{b['target_lines']:<6} "
            f"= {100 * share:5.2f}%  (plainly new {plain:>4}) {'ok' if ok else 'TOO MANY'}"
        )
    print(
        f"top-3 hits {hits}/{len(pairs)}; share of new lines within bounds {within}/{len(pairs)}; "
        f"largest share of lines flagged new {100 * worst:.2f}%"
    )


if __name__ == "__main__":
    main()
