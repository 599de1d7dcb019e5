#!/usr/bin/env bash
# Builds pairs of passing and failing runs of a real project's test suite, for `culprit diff`:
# python-dateutil's pytest suite (sdist from PyPI), run twice as it is (the baselines), then once
# with each injected fault. Writes OUT/<pair>/{good1,good2,bad}.log.
#
#   scripts/diff-pairs.sh [OUT]        # default OUT: target/diff-pairs
#
# Needs python3 with pip; installs pytest, hypothesis and freezegun (the suite's test
# dependencies) with pip. The four tests that fail on a machine without system time-zone data
# or an installed distribution are deselected in every run, so the baselines are green.
set -euo pipefail
OUT=${1:-target/diff-pairs}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/culprit-pairs.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
VERSION=4.0.0
python3 -m pip install -q pytest hypothesis freezegun
python3 -m pip download -q --no-binary :all: --no-deps -d "$WORK" "python-dateutil==$VERSION"
tar xzf "$WORK/python_dateutil-$VERSION.tar.gz" -C "$WORK"
SRC="$WORK/python_dateutil-$VERSION"
STDLIB=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')

run() { # run DIR LOG: the suite as a CI job runs it, output and exit status in LOG
  (set +e; cd "$1" && PYTHONPATH=src python3 -m pytest -v -p no:cacheprovider -o addopts= \
    -W ignore::pytest.PytestUnknownMarkWarning \
    --deselect tests/test_imports.py::test_version_matches_distribution_metadata \
    --deselect "tests/test_tz.py::test_gettz_link[tzpath-Europe/Monaco-Europe/Paris]" \
    --deselect tests/test_tzfile.py::test_gettz_local_abbreviation_without_time_zone_data \
    --deselect "tests/test_tzpath_data.py::test_dst_matches_tzdata_zi[tzpath]" \
    tests 2>&1; echo "exit status $?") \
    | sed -e "s#$1#/src/python-dateutil#g" -e "s#$STDLIB#/usr/lib/python3#g" -e "s# -- /[^ ]*/python3[.0-9]*\$# -- /usr/bin/python3#" > "$2"
}

copy() { rm -rf "$WORK/run"; cp -r "$SRC" "$WORK/run"; }

copy; run "$WORK/run" "$WORK/good1.log"
copy; run "$WORK/run" "$WORK/good2.log"

fault() { # fault NAME: copy, break, run
  local name=$1; shift
  copy; (cd "$WORK/run" && "$@"); run "$WORK/run" "$WORK/bad.log"
  mkdir -p "$OUT/$name"
  cp "$WORK/good1.log" "$OUT/$name/good1.log"
  cp "$WORK/good2.log" "$OUT/$name/good2.log"
  mv "$WORK/bad.log" "$OUT/$name/bad.log"
  echo "$name: $(tail -2 "$OUT/$name/bad.log" | head -1)"
}

# A broken assertion: one expected Easter date is wrong.
fault dateutil-assert sed -i 's/date(2000, 4, 23)/date(2000, 4, 22)/' tests/test_easter.py
# A missing file: a test resource is gone.
fault dateutil-missing-file rm tests/resources/liliput_tzif
# A refused connection: a test needs a service that is not running.
fault dateutil-refused python3 - <<'PY'
import re
p = "tests/test_utils.py"
s = open(p).read()
s = s.replace("def test_utils_today():\n",
  "def test_utils_today():\n    import socket\n    socket.create_connection((\"127.0.0.1\", 9), timeout=5).close()\n", 1)
open(p, "w").write(s)
PY
