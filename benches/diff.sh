#!/usr/bin/env bash
# Throughput of `culprit diff` on two large logs, next to `culprit analyze` on the target alone.
#
#   cargo build --release && benches/diff.sh
#
# Two mixed logs of SIZE each are generated once by the genlog example: a passing run (seed
# SEED) and a failing one (seed SEED+1, with an injected incident), so that ids, times and
# numbers differ between them as they do between two real runs. The page cache is warmed, each
# command runs RUNS times, and the median wall times and their ratio are printed: the ratio is
# analyze's time over diff's, i.e. diff's throughput (over the target) as a share of analyze's.
#
# Environment: SIZE=500M, SEED=11, RUNS=3, CULPRIT=target/release/culprit, DIR=target/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-500M}
SEED=${SEED:-11}
RUNS=${RUNS:-3}
DIR=${DIR:-target/bench}
CULPRIT=${CULPRIT:-target/release/culprit}
command -v "$CULPRIT" >/dev/null || { echo "diff.sh: build first: cargo build --release" >&2; exit 2; }
mkdir -p "$DIR"
GOOD=$DIR/diff-good-$SIZE.log
BAD=$DIR/diff-bad-$SIZE.log
gen() { # gen FILE ARGS...
    local f=$1; shift
    if [[ ! -e $f ]]; then
        echo "generating $f ..." >&2
        cargo run --release --quiet --example genlog -- --mix --size "$SIZE" --quiet -o "$f.tmp" "$@"
        mv "$f.tmp" "$f"
    fi
}
gen "$GOOD" --seed "$SEED"
gen "$BAD" --seed "$((SEED + 1))" --scenario oom
cat "$GOOD" "$BAD" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_it() { # time_it CMD...: median wall seconds over RUNS
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || [[ $? == 1 ]]
        e=$(date +%s.%N)
        echo "$e - $s" | bc
    done | median
}
bytes=$(wc -c <"$BAD")
a=$(time_it "$CULPRIT" analyze --format json --quiet "$BAD")
d=$(time_it "$CULPRIT" diff --format json --quiet --baseline "$GOOD" "$BAD")
printf '%-44s %8.2f s  %6.0f MB/s of target\n' "culprit analyze TARGET" "$a" "$(echo "$bytes / $a / 1000000" | bc -l)"
printf '%-44s %8.2f s  %6.0f MB/s of target\n' "culprit diff --baseline GOOD TARGET" "$d" "$(echo "$bytes / $d / 1000000" | bc -l)"
printf 'diff throughput / analyze throughput: %.2f\n' "$(echo "$a / $d" | bc -l)"
