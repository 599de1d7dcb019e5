#!/usr/bin/env python3
"""How often culprit's message equals the labelled message on the Loghub 2k samples.

    scripts/loghub-messages.py [BIN] [DATA_DIR]

Runs `culprit parse --format jsonl` on each raw `D_2k.log` (format left to culprit's own
detection) and compares, line by line, the message of the event that starts on that line with
the `Content` column of `D_2k.log_structured.csv` (both trimmed of surrounding whitespace). A
line that culprit joined into the event before it counts as a miss. Prints one row per data
set and the mean.
"""
import csv
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "release", "culprit")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "shared", "data", "loghub-2k")
if not os.path.isdir(data):
    print(f"skipped: {data} is absent (the labelled public logs are not shipped with the project)")
    sys.exit(0)

rows = []
for name in sorted(os.listdir(data)):
    log = os.path.join(data, name, f"{name}_2k.log")
    labels = os.path.join(data, name, f"{name}_2k.log_structured.csv")
    if not (os.path.exists(log) and os.path.exists(labels)):
        continue
    out = subprocess.run([binary, "parse", "--format", "jsonl", log], capture_output=True, check=True)
    by_line = {}
    fmt = "?"
    for raw in out.stdout.splitlines():
        obj = json.loads(raw)
        by_line[obj["line"]] = obj["message"]
        fmt = obj["format"]
    with open(labels, newline="", encoding="utf-8", errors="replace") as f:
        truth = [r["Content"] for r in csv.DictReader(f)]
    hits = sum(1 for i, content in enumerate(truth, 1) if by_line.get(i, "\0").strip() == content.strip())
    rows.append((name, fmt, hits, len(truth)))

width = max(len(r[0]) for r in rows)
for name, fmt, hits, total in rows:
    print(f"{name:<{width}}  {fmt:<14} {hits:5}/{total}  {100 * hits / total:6.2f}%")
mean = sum(h / t for _, _, h, t in rows) / len(rows)
print(f"{'mean':<{width}}  {'':<14} {'':>10}  {100 * mean:6.2f}%")
