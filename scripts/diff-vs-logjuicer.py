#!/usr/bin/env python3
"""`culprit diff` next to LogJuicer's `logjuicer diff` on pairs of passing and failing runs.

    scripts/diff-vs-logjuicer.py --logjuicer PATH [--culprit PATH] [--runs N] [PAIR_DIR ...]

PAIR_DIR defaults to tests/fixtures/diff/*. LogJuicer is not part of this project: build its
CLI from its own repository (`cargo build --release -p logjuicer-cli`). For each pair, prints:
culprit's rank of the fault (as scripts/diff-score.py) and its share of lines flagged new;
whether one of LogJuicer's anomaly lines matches fault.txt (and its position among them: it lists
anomalies in log order, without a ranking), how many lines it flags as anomalies and their share
of the target's lines; and the median wall time of each over N runs.
"""
import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd, runs):
    times = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
    return out, statistics.median(times)


def culprit(exe, goods, bad, fault, runs):
    cmd = [exe, "diff", "--format", "json", "--quiet"]
    for g in goods:
        cmd += ["--baseline", g]
    out, t = timed(cmd + [bad], runs)
    if out.returncode not in (0, 1):
        sys.exit(f"culprit exited {out.returncode}: {out.stderr.strip()}")
    report = json.loads(out.stdout)
    rank = next(
        (
            c["rank"]
            for c in report["causes"]
            if any(fault.search(x) for x in [c["title"]] + [e["text"] for e in c["evidence"]])
        ),
        None,
    )
    b = report["baseline"]
    return rank, b["new_lines"], b["target_lines"], t


def logjuicer(exe, goods, bad, fault, runs):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "report.json")
        out, t = timed([exe, "--report", path, "diff", *goods, bad], runs)
        if out.returncode != 0:
            sys.exit(f"logjuicer exited {out.returncode}: {out.stderr.strip()}")
        report = json.load(open(path))
    lines = [a["anomaly"]["line"] for r in report["log_reports"] for a in r["anomalies"]]
    at = next((i + 1 for i, l in enumerate(lines) if fault.search(l)), None)
    return at, len(lines), report["total_line_count"], t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--logjuicer", required=True)
    ap.add_argument("--culprit", default="target/release/culprit")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("pairs", nargs="*")
    args = ap.parse_args()
    pairs = args.pairs or sorted(glob.glob("tests/fixtures/diff/*/"))
    print(
        "| pair | culprit: fault at rank | culprit: lines new | culprit: time | "
        "LogJuicer: fault in anomalies | LogJuicer: anomaly lines | LogJuicer: time |"
    )
    print("|---|---|---|---|---|---|---|")
    for pair in pairs:
        goods = sorted(glob.glob(os.path.join(pair, "good*.log*")))
        bad = sorted(glob.glob(os.path.join(pair, "bad.log*")))[0]
        fault = re.compile(open(os.path.join(pair, "fault.txt")).read().strip())
        rank, new, total, ct = culprit(args.culprit, goods, bad, fault, args.runs)
        at, flagged, lj_total, lt = logjuicer(args.logjuicer, goods, bad, fault, args.runs)
        print(
            f"| `{os.path.basename(pair.rstrip('/'))}` | {rank or 'not found'} | "
            f"{new} / {total} ({100 * new / max(1, total):.2f}%) | {ct:.3f} s | "
            f"{f'yes ({at} of {flagged})' if at else 'no'} | "
            f"{flagged} / {lj_total} ({100 * flagged / max(1, lj_total):.2f}%) | {lt:.3f} s |"
        )


if __name__ == "__main__":
    main()
