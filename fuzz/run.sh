#!/usr/bin/env bash
# Builds the fuzz targets once, then runs each for SECONDS (default 600) with the project's
# limits: `fuzz/run.sh 600 record_parse chunk_split` (no target names: all of them, in turn).
# Needs cargo-fuzz; builds with the stable toolchain (RUSTC_BOOTSTRAP=1). Crashes are kept in
# fuzz/artifacts/<target>/ (the run's log beside it); the status is 1 when anything was found.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
export RUSTC_BOOTSTRAP=1
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
cargo fuzz build
bin=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
found=0
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    extra=()
    # The whole analysis starts threads on every input; glibc's per-thread destructor lists
    # then show as 64-byte "leaks" that are not culprit's.
    [ "$t" = pipeline ] && extra=(-detect_leaks=0)
    if ! "$bin/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        "${extra[@]}" -print_final_stats=1 2> "fuzz/artifacts/$t.log"; then
        echo "fuzz: $t stopped with a finding: fuzz/artifacts/$t/, log in fuzz/artifacts/$t.log"
        found=1
    else
        echo "fuzz: $t: nothing found in ${secs} s"
    fi
done
exit "$found"
