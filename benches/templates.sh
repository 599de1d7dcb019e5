#!/usr/bin/env bash
# Template-mining throughput: `culprit templates --per-line --format jsonl` on a generated
# 1,000,000-line log, next to `wc -l` and, when it is installed, Drain3 (`pip install drain3`)
# on the same file in the same run.
#
#   cargo build --release && benches/templates.sh
#
# Environment:
#   LINES=1000000     lines of the generated log
#   THREADS=2         culprit's -j
#   RUNS=3            timed runs per tool (median reported)
#   PYTHON=python3    the Python that has drain3
#   DRAIN_LINES=20000 lines of the log Drain3 runs on (its rate is compared)
#   CULPRIT=PATH      binary under test (default target/release/culprit)
set -euo pipefail
cd "$(dirname "$0")/.."

LINES=${LINES:-1000000}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-python3}
DRAIN_LINES=${DRAIN_LINES:-20000}
CULPRIT=${CULPRIT:-target/release/culprit}
LOG=target/bench/lines-$LINES.log

[ -x "$CULPRIT" ] || { echo "templates.sh: build first: cargo build --release" >&2; exit 2; }
if [ ! -e "$LOG" ]; then
    mkdir -p target/bench
    # About 160 bytes a line in the mixed layout: generate enough, keep exactly LINES lines.
    cargo run --release --quiet --example genlog -- --mix --size $((LINES * 200 / 1024 / 1024 + 1))M \
        --seed 11 --quiet | head -n "$LINES" >"$LOG.tmp"
    mv "$LOG.tmp" "$LOG"
fi
lines=$(wc -l <"$LOG")
cat "$LOG" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
clock() { # prints wall seconds of "$@" with output discarded
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    echo "$e - $s" | bc -l
}
report() { # name seconds
    printf '%-42s %8.3f s %12.0f lines/s\n' "$1" "$2" "$(echo "$lines / $2" | bc -l)"
}

echo "log: $LOG ($lines lines, $(($(wc -c <"$LOG") >> 20)) MiB); median of $RUNS runs"
t=$(for _ in $(seq "$RUNS"); do clock wc -l "$LOG"; done | median)
report "wc -l" "$t"
t=$(for _ in $(seq "$RUNS"); do clock "$CULPRIT" templates --per-line --format jsonl -j "$THREADS" "$LOG"; done | median)
report "culprit templates --per-line (-j $THREADS)" "$t"
culprit_t=$t
t=$(for _ in $(seq "$RUNS"); do clock "$CULPRIT" templates --format json -j "$THREADS" "$LOG"; done | median)
report "culprit templates (table, -j $THREADS)" "$t"

if "$PYTHON" -c 'import drain3' 2>/dev/null; then
    # Drain3 as its README shows it, default configuration, on the first DRAIN_LINES lines of
    # the same file (it slows down as its clusters multiply on this log); rates are compared.
    drain=$("$PYTHON" - "$LOG" "$DRAIN_LINES" <<'PY'
import sys, time, logging, itertools
logging.disable(logging.CRITICAL)
from drain3 import TemplateMiner
path, n = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8", errors="replace") as f:
    lines = [l.rstrip("\n") for l in itertools.islice(f, n)]
miner = TemplateMiner()
start = time.perf_counter()
for line in lines:
    miner.add_log_message(line)
print(len(lines) / (time.perf_counter() - start))
PY
)
    printf '%-42s %23.0f lines/s (first %s lines)\n' "drain3 (default config)" "$drain" "$DRAIN_LINES"
    printf 'culprit templates --per-line: %.0fx the lines/s of Drain3\n' "$(echo "$lines / $culprit_t / $drain" | bc -l)"
else
    echo "drain3 not installed ($PYTHON -c 'import drain3' failed): pip install drain3, or PYTHON=... for a venv"
fi
