#!/usr/bin/env bash
# Scores the template miner alone (examples/mine.rs) on the Loghub content files.
#   scripts/mine-eval.sh [DATA_DIR]   (default ../shared/data/loghub-2k)
set -euo pipefail
DATA=${1:-../shared/data/loghub-2k}
cargo build --release --quiet --example mine
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for dir in "$DATA"/*/; do
  D=$(basename "$dir")
  content="$dir/${D}_2k.content.txt"
  if [ ! -f "$content" ]; then
    python3 -c 'import csv,sys; [print(r["Content"]) for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig"))]' "$dir/${D}_2k.log_structured.csv" > "$out/$D.content.txt"
    content="$out/$D.content.txt"
  fi
  target/release/examples/mine "$content" > "$out/$D.jsonl"
done
python3 ../shared/eval/loghub_eval.py bench --data "$DATA" --pred-dir "$out" \
  --datasets "$(cd "$DATA" && ls -d */ | tr -d / | paste -sd, -)"
