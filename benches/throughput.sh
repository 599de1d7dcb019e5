#!/usr/bin/env bash
# Throughput of culprit on a large generated log, next to `wc -l` and `rg -c ERROR`.
#
#   cargo build --release && benches/throughput.sh
#
# The log is generated once by the genlog example and cached; the page cache is warmed, then
# each tool runs RUNS times and the median wall time is reported, with MB/s (10^6 bytes per
# second) and the ratio to `wc -l`, the floor for anything that reads every line.
#
# Environment:
#   SIZE=1G           size of the generated log (K/M/G suffixes, binary multiples)
#   SEED=7            generator seed
#   LAYOUT=mix        genlog layout: mix (every program in its own format, interleaved line by
#                     line: the hardest case for format detection) or one format for the whole
#                     file, such as syslog, zap, access, log4j, logfmt (genlog --list)
#   BENCH_LOG=PATH    log to use; generated there when missing (default target/bench/big.log,
#                     target/bench/big-LAYOUT.log for a single-format layout).
#                     An existing file without genlog's .params stamp is used as it is, so a
#                     real log can be measured too.
#   RUNS=3            timed runs per tool
#   CULPRIT=PATH      binary under test (default target/release/culprit)
#   CULPRIT_ARGS=...  its arguments before the file (default "--format json"); for a stand-in:
#                     CULPRIT=cat CULPRIT_ARGS= benches/throughput.sh
set -euo pipefail

cd "$(dirname "$0")/.."

SIZE=${SIZE:-1G}
SEED=${SEED:-7}
LAYOUT=${LAYOUT:-mix}
RUNS=${RUNS:-3}
if [[ $LAYOUT == mix ]]; then
    kind=(--mix)
    LOG=${BENCH_LOG:-target/bench/big.log}
else
    kind=(--format "$LAYOUT")
    LOG=${BENCH_LOG:-target/bench/big-$LAYOUT.log}
fi
CULPRIT=${CULPRIT:-target/release/culprit}
read -r -a CULPRIT_ARGV <<<"${CULPRIT_ARGS---format json}"

die() {
    echo "throughput.sh: $*" >&2
    exit 2
}

if ! command -v "$CULPRIT" >/dev/null 2>&1; then
    die "$CULPRIT not found; build it first: cargo build --release (or set CULPRIT=...)"
fi

# ---- the log, generated once per (size, seed) ----------------------------------------------
params="genlog ${kind[*]} --size $SIZE --seed $SEED"
stamp="$LOG.params"
if [[ ! -e "$LOG" || (-e "$stamp" && "$(cat "$stamp")" != "$params") ]]; then
    mkdir -p "$(dirname "$LOG")"
    echo "generating $LOG ($params) ..." >&2
    # Written under a temporary name so that an interrupted run leaves no truncated cache.
    cargo run --release --quiet --example genlog -- \
        "${kind[@]}" --size "$SIZE" --seed "$SEED" --quiet -o "$LOG.tmp"
    mv "$LOG.tmp" "$LOG"
    echo "$params" >"$stamp"
fi
bytes=$(wc -c <"$LOG")
bytes=${bytes// /}

# ---- warm the page cache, or say why the numbers will include the disk ---------------------
avail_kib=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
if ((avail_kib > 0 && bytes / 1024 > avail_kib * 9 / 10)); then
    echo "note: the log ($((bytes >> 20)) MiB) does not fit in available memory ($((avail_kib >> 10)) MiB); timings include disk reads" >&2
fi
cat "$LOG" >/dev/null

# ---- timing ----------------------------------------------------------------------------------
# Prints the median wall time of RUNS runs of "$@" (output discarded), or "failed".
median_seconds() {
    local times=() t i err
    err=$(mktemp)
    for ((i = 0; i < RUNS; i++)); do
        # bash's `time` keyword: no fork of a timing tool, millisecond resolution.
        if ! t=$({ TIMEFORMAT=%3R; time "$@" >/dev/null 2>"$err"; } 2>&1); then
            echo "  $* failed: $(head -c 300 "$err")" >&2
            rm -f "$err"
            echo failed
            return
        fi
        times+=("$t")
    done
    rm -f "$err"
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

rows=()
row() { # name seconds
    rows+=("$1|$2")
}

wc_s=$(LC_ALL=C median_seconds wc -l "$LOG")
row "wc -l" "$wc_s"
if command -v rg >/dev/null 2>&1; then
    row "rg -c ERROR" "$(median_seconds rg -c ERROR "$LOG")"
else
    rg_note="rg: not installed, skipped (apt-get install ripgrep)"
fi
culprit_name="$(basename "$CULPRIT") ${CULPRIT_ARGV[*]}"
culprit_s=$(median_seconds "$CULPRIT" "${CULPRIT_ARGV[@]}" "$LOG")
row "${culprit_name% }" "$culprit_s"

# ---- report ----------------------------------------------------------------------------------
lines=$(LC_ALL=C wc -l <"$LOG")
echo "log: $LOG, $bytes bytes, ${lines// /} lines ($( [[ -e "$stamp" ]] && cat "$stamp" || echo "not generated here"))"
echo "cpus: $(nproc 2>/dev/null || echo '?'), runs: $RUNS each, median wall time, page cache warm"
echo
width=28
for r in "${rows[@]}"; do
    name=${r%%|*}
    ((${#name} > width)) && width=${#name}
done
printf "%-${width}s %10s %10s %10s\n" tool seconds MB/s "vs wc -l"
for r in "${rows[@]}"; do
    name=${r%%|*}
    s=${r#*|}
    if [[ "$s" == failed ]]; then
        printf "%-${width}s %10s\n" "$name" failed
        continue
    fi
    awk -v n="$name" -v s="$s" -v b="$bytes" -v w="$wc_s" -v width="$width" 'BEGIN {
        mbs = (s > 0) ? sprintf("%.0f", b / 1e6 / s) : "inf"
        ratio = (w > 0 && w != "failed") ? sprintf("%.2fx", s / w) : "-"
        printf "%-*s %10.3f %10s %10s\n", width, n, s, mbs, ratio
    }'
done
[[ -n "${rg_note:-}" ]] && echo "$rg_note"

# Peak RSS from one more run: GNU time's -v reports the maximum resident set size.
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    report=$(mktemp)
    rss_kib=""
    if /usr/bin/time -v -o "$report" "$CULPRIT" "${CULPRIT_ARGV[@]}" "$LOG" >/dev/null 2>&1; then
        rss_kib=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$report")
    fi
    rm -f "$report"
    if [[ -n "$rss_kib" ]]; then
        awk -v k="$rss_kib" -v n="${culprit_name% }" 'BEGIN { printf "peak RSS of %s: %.1f MiB\n", n, k / 1024 }'
    else
        echo "peak RSS: not measured (the run under /usr/bin/time -v failed)"
    fi
else
    echo "peak RSS: not measured (needs GNU time: apt-get install time)"
fi
