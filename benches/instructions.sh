#!/usr/bin/env bash
# Instructions per line of `culprit --format json`, one thread, per log format: the measure to
# choose performance changes by on a shared machine, where wall times move by ±15% between runs
# and instruction counts do not move at all.
#
#   cargo build --release && benches/instructions.sh
#   BASE=/tmp/culprit-before benches/instructions.sh     # the same, next to another build
#
# Logs of SIZE are generated once per format by the genlog example (the mixed log and five
# single-format ones), then each binary runs under `valgrind --tool=callgrind` with `-j1`. The
# counts include start-up (about 9 M instructions without the library), which a 20 MB log
# dilutes to a few instructions per line.
#
# Environment: SIZE=20M, SEED=3, CULPRIT=target/release/culprit, BASE= (a second binary),
# ARGS="--format json --no-builtin-patterns", FORMATS="mix syslog zap access log4j logfmt",
# DIR=target/bench/instructions.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-20M}
SEED=${SEED:-3}
CULPRIT=${CULPRIT:-target/release/culprit}
BASE=${BASE:-}
DIR=${DIR:-target/bench/instructions}
FORMATS=${FORMATS:-mix syslog zap access log4j logfmt}
read -r -a ARGV <<<"${ARGS:---format json --no-builtin-patterns}"

die() {
    echo "instructions.sh: $*" >&2
    exit 2
}
command -v valgrind >/dev/null 2>&1 || die "needs valgrind (apt-get install valgrind)"
command -v "$CULPRIT" >/dev/null 2>&1 || die "$CULPRIT not found; build it first: cargo build --release"
[[ -z "$BASE" ]] || command -v "$BASE" >/dev/null 2>&1 || die "BASE=$BASE not found"

mkdir -p "$DIR"
# Prints the instructions one run of "$@" executes.
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected :/ {print $NF}'
}

printf '%-8s %10s %14s %9s' format lines instructions per-line
[[ -n "$BASE" ]] && printf ' %14s %9s %7s' "base" "per-line" change
echo
for f in $FORMATS; do
    log=$DIR/$f-$SIZE-$SEED.log
    if [[ ! -e $log ]]; then
        if [[ $f == mix ]]; then kind=(--mix); else kind=(--format "$f"); fi
        cargo run --release --quiet --example genlog -- "${kind[@]}" --size "$SIZE" --seed "$SEED" \
            --quiet -o "$log.tmp"
        mv "$log.tmp" "$log"
    fi
    lines=$(wc -l <"$log")
    n=$(count "$CULPRIT" -j1 "${ARGV[@]}" "$log")
    [[ -n "$n" ]] || die "$CULPRIT failed under valgrind on $log"
    awk -v f="$f" -v l="$lines" -v n="$n" 'BEGIN { printf "%-8s %10d %14d %9.0f", f, l, n, n / l }'
    if [[ -n "$BASE" ]]; then
        b=$(count "$BASE" -j1 "${ARGV[@]}" "$log")
        [[ -n "$b" ]] || die "$BASE failed under valgrind on $log"
        awk -v l="$lines" -v n="$n" -v b="$b" \
            'BEGIN { printf " %14d %9.0f %6.1f%%", b, b / l, (n - b) * 100 / b }'
    fi
    echo
done
