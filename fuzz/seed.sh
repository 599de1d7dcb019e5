#!/usr/bin/env bash
# Builds the fuzz targets' seed corpora in fuzz/corpus/<target>/ from the project's own test
# fixtures, samples, pattern library and generated logs (and, when given, a folder of more logs,
# e.g. LogHub samples: `fuzz/seed.sh path/to/logs`). The corpora are not checked in.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-}
out=fuzz/corpus
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Text logs: fixtures, the sample, generated logs in every layout, the test logs of `diff`.
texts=$tmp/texts
mkdir -p "$texts"
cp tests/fixtures/app-incident.log samples/*.log tests/fixtures/runners/* "$texts"/
for f in tests/fixtures/heldout/*.tsv; do cut -f2- "$f" > "$texts/$(basename "$f").log"; done
for f in tests/fixtures/diff/*/bad.log.gz; do
    (gzip -dc "$f" || true) | head -n 300 > "$texts/$(basename "$(dirname "$f")").log"
done
for fmt in syslog journal rfc5424 zap logrus pino bunyan ecs logfmt access nginx-error klog log4j spring python gha; do
    cargo run -q --example genlog -- --size 6K --seed 3 --format "$fmt" --quiet \
        -o "$texts/gen-$fmt.log"
done
cargo run -q --example genlog -- --size 8K --seed 5 --mix --quiet -o "$texts/gen-mix.log"
if [ -n "$extra" ]; then
    find "$extra" -type f -name '*.log' | sort | while read -r f; do
        head -n 100 "$f" > "$texts/extra-$(echo "$f" | tr '/' '_')"
    done
fi
# Journal export and JSON streams.
python3 - "$tmp" <<'PY'
import json, struct, sys
d = sys.argv[1]
exp = bytearray()
for i, (prio, msg) in enumerate([(6, b"started"), (3, b"line one\nline two \x07"), (4, b"disk 91% full")]):
    exp += b"__CURSOR=s=1;i=%d\n__REALTIME_TIMESTAMP=17000000%08d\n__MONOTONIC_TIMESTAMP=%d\n" % (i, i, i)
    exp += b"_BOOT_ID=5f1c\nPRIORITY=%d\n_SYSTEMD_UNIT=app.service\nSYSLOG_IDENTIFIER=app\n_COMM=app\n" % prio
    if b"\n" in msg or b"\x07" in msg:
        exp += b"MESSAGE\n" + struct.pack("<Q", len(msg)) + msg + b"\n"
    else:
        exp += b"MESSAGE=" + msg + b"\n"
    exp += b"\n"
open(d + "/export.journal", "wb").write(bytes(exp))
lines = []
for i, (prio, msg) in enumerate([("6", "started"), ("3", "connection refused"), ("4", [104, 105, 255])]):
    lines.append(json.dumps({"__CURSOR": "s=1;i=%d" % i, "__REALTIME_TIMESTAMP": "17000000%08d" % i,
        "__MONOTONIC_TIMESTAMP": str(i), "_BOOT_ID": "5f1c", "PRIORITY": prio, "_SYSTEMD_UNIT": "app.service",
        "SYSLOG_IDENTIFIER": "app", "_PID": "812", "MESSAGE": msg}))
open(d + "/journal.json", "w").write("\n".join(lines) + "\n")
PY

# One file per seed; `$1` target, `$2` prefix bytes (printf format), `$3` file, `$4` max bytes.
seed() {
    mkdir -p "$out/$1"
    { printf "$2"; head -c "${4:-16384}" "$3"; } > "$out/$1/$(basename "$3")-$(printf "$2" | od -An -tx1 | tr -d ' \n')"
}
n=0
for f in "$texts"/* "$tmp/journal.json"; do
    seed record_parse '\377' "$f"
    seed record_parse "\\$(printf '%03o' $((n % 23)))" "$f"
    seed event_join '\377' "$f"
    seed event_join "\\$(printf '%03o' $((n % 22)))" "$f"
    seed chunk_split "\\$(printf '%03o' $((n * 7 % 256)))\\$(printf '%03o' $((n * 13 % 256)))\\003\\011" "$f" 4096
    seed pipeline "\\$(printf '%03o' $((n % 256)))" "$f" 32768
    n=$((n + 1))
done
seed journal_json '' "$tmp/journal.json"
seed journal_json '' "$texts/gen-zap.log"
seed journal_json '' "$texts/gen-bunyan.log"
seed journal_export '' "$tmp/export.journal"
seed pipeline '\001' "$tmp/export.journal"
seed pipeline '\002' tests/fixtures/runners/pytest-junit.xml
mkdir -p "$out/decompress" "$out/pattern_load" "$out/baseline_load"
small=$texts/app-incident.log
gzip -c "$small" > "$out/decompress/a.gz"
zstd -q -c "$small" > "$out/decompress/a.zst"
bzip2 -c "$small" > "$out/decompress/a.bz2"
xz -c "$small" > "$out/decompress/a.xz"
cp "$small" "$out/decompress/plain"
find patterns -name '*.toml' | while read -r f; do cp "$f" "$out/pattern_load/$(echo "$f" | tr '/' '_')"; done
# A saved baseline, and its body (the fuzz target also wraps inputs as a saved baseline does).
cargo run -q -- baseline build -o "$out/baseline_load/model" "$small" tests/fixtures/runners/pytest.log
{ sed '1d' "$out/baseline_load/model" | zstd -dc 2>/dev/null || true; } > "$out/baseline_load/body.json"
for t in "$out"/*/; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
