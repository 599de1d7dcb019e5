#!/usr/bin/env bash
# Two builds of culprit alternated on the same page-cached file: medians of CPU time and wall time
# for each, and the median of the paired CPU ratios (new / base). On a shared machine whose speed
# drifts between minutes, pairs of neighbouring runs compare better than two separate series.
#
#   benches/paired.sh BASE NEW FILE [ROUNDS]      # ROUNDS=5
#
# Environment: ARGS="--format json --no-builtin-patterns" (culprit's arguments before the file).
# Needs `perf` (perf stat's task-clock works without hardware counters).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: benches/paired.sh BASE NEW FILE [ROUNDS]" >&2; exit 2; }
base=$1 new=$2 file=$3 rounds=${4:-5}
read -r -a argv <<<"${ARGS:---format json --no-builtin-patterns}"
command -v perf >/dev/null 2>&1 || { echo "paired.sh: needs perf (apt-get install linux-perf)" >&2; exit 2; }
# Read twice: some kernels reclaim pages read only once (DAMON), and a half-cached file times the disk.
cat "$file" "$file" >/dev/null
if command -v fincore >/dev/null 2>&1; then
    echo "resident: $(fincore -n -b -o RES "$file") of $(stat -c %s "$file") bytes"
fi
out=$(mktemp)
trap 'rm -f "$out" "$out.stat"' EXIT
one() {
    perf stat -e task-clock -o "$out.stat" "$1" "${argv[@]}" "$file" >/dev/null 2>&1
    awk '/task-clock/ {gsub(",", "", $1); c = $1} /seconds time elapsed/ {w = $1} END {print c, w}' "$out.stat"
}
for _ in $(seq "$rounds"); do
    echo "$(one "$base") $(one "$new")" >>"$out"
done
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
size=$(stat -c %s "$file")
for col in 1 3; do
    name=$([[ $col == 1 ]] && echo "$base" || echo "$new")
    cpu=$(awk -v c=$col '{print $c}' "$out" | median)
    wall=$(awk -v c=$((col + 1)) '{print $(c)}' "$out" | median)
    printf '%s: CPU %s ms, wall %s s (%s GB/s)\n' "$name" "$cpu" "$wall" \
        "$(awk -v s="$size" -v w="$wall" 'BEGIN {printf "%.2f", s / w / 1e9}')"
done
printf 'paired CPU ratio (new / base), median of %s: %s\n' "$rounds" \
    "$(awk '{printf "%.3f\n", $3 / $1}' "$out" | median)"
