#!/usr/bin/env bash
# Builds pairs of passing and failing runs of real projects' test suites, for `culprit diff`:
# each suite is run twice as it is (the baselines), then once with each injected fault (a broken
# assertion, a missing file, a refused connection). Writes OUT/<project>-<fault>/
# {good1,good2,bad}.log.gz and fault.txt (a regular expression that the fault's lines match), the
# layout of tests/fixtures/diff/.
#
#   scripts/diff-pairs.sh [OUT [PROJECT...]]   # default OUT: target/diff-pairs; default: all
#
# Projects (each from a package registry, by its ordinary client):
#   dateutil        python-dateutil 4.0.0, `pytest -v` (sdist from PyPI; pip installs pytest,
#                   hypothesis and freezegun, the suite's test dependencies). The four tests that
#                   fail on a machine without system time-zone data or an installed distribution
#                   are deselected in every run, so the baselines are green.
#   pulldown-cmark  pulldown-cmark 0.13.6, `cargo test` (crate source from crates.io through a
#                   scratch package's `cargo fetch`), built from scratch in each run.
#   chroma          chroma v2.5.0 (Go), `go test -v ./...` in GOPATH mode (the source and its
#                   dependencies from Debian's golang-github-alecthomas-chroma-v2-dev, installed
#                   with apt-get when missing), with an empty build cache in each run.
#
# Machine-specific paths are normalised: the folder a suite ran in reads /src/<project>, the
# Python interpreter /usr/bin/python3 and its standard library /usr/lib/python3, CARGO_HOME
# /usr/local/cargo, GOPATH /go.
set -euo pipefail
OUT=${1:-target/diff-pairs}
shift || true
PROJECTS=("$@")
[[ ${#PROJECTS[@]} -gt 0 ]] || PROJECTS=(dateutil pulldown-cmark chroma)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/culprit-pairs.XXXXXX)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

# Each project defines copy (a fresh copy of the source in $RUN) and run (RUN LOG: the suite as
# a CI job runs it, output and exit status in LOG), then calls baselines and fault.
RUN=$WORK/run

baselines() {
    copy; run "$RUN" "$WORK/good1.log"
    copy; run "$RUN" "$WORK/good2.log"
}

fault() { # fault NAME REGEX CMD...: copy, break, run; REGEX goes to fault.txt
    local name=$1 regex=$2; shift 2
    copy; (cd "$RUN" && "$@"); run "$RUN" "$WORK/bad.log"
    rm -rf "${OUT:?}/$name"
    mkdir -p "$OUT/$name"
    local f
    for f in good1 good2 bad; do gzip -9n <"$WORK/$f.log" >"$OUT/$name/$f.log.gz"; done
    printf '%s\n' "$regex" >"$OUT/$name/fault.txt"
    echo "$name: $(tail -2 "$WORK/bad.log" | head -1)"
}

dateutil() {
    local version=4.0.0 stdlib
    python3 -m pip install -q pytest hypothesis freezegun
    python3 -m pip download -q --no-binary :all: --no-deps -d "$WORK" "python-dateutil==$version"
    tar xzf "$WORK/python_dateutil-$version.tar.gz" -C "$WORK"
    SRC="$WORK/python_dateutil-$version"
    stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
    copy() { rm -rf "$RUN"; cp -r "$SRC" "$RUN"; }
    run() {
        (set +e; cd "$1" && PYTHONPATH=src python3 -m pytest -v -p no:cacheprovider -o addopts= \
            -W ignore::pytest.PytestUnknownMarkWarning \
            --deselect tests/test_imports.py::test_version_matches_distribution_metadata \
            --deselect "tests/test_tz.py::test_gettz_link[tzpath-Europe/Monaco-Europe/Paris]" \
            --deselect tests/test_tzfile.py::test_gettz_local_abbreviation_without_time_zone_data \
            --deselect "tests/test_tzpath_data.py::test_dst_matches_tzdata_zi[tzpath]" \
            tests 2>&1; echo "exit status $?") |
            sed -e "s#$1#/src/python-dateutil#g" -e "s#$stdlib#/usr/lib/python3#g" \
                -e "s# -- /[^ ]*/python3[.0-9]*\$# -- /usr/bin/python3#" >"$2"
    }
    baselines
    # A broken assertion: one expected Easter date is wrong.
    fault dateutil-assert 'test_easter\.py|2000, 4, 22' \
        sed -i 's/date(2000, 4, 23)/date(2000, 4, 22)/' tests/test_easter.py
    # A missing file: a test resource is gone.
    fault dateutil-missing-file 'liliput_tzif|FileNotFoundError' rm tests/resources/liliput_tzif
    # A refused connection: a test needs a service that is not running.
    fault dateutil-refused 'ConnectionRefused|Connection refused' python3 - <<'PY'
p = "tests/test_utils.py"
s = open(p).read()
s = s.replace("def test_utils_today():\n",
  "def test_utils_today():\n    import socket\n    socket.create_connection((\"127.0.0.1\", 9), timeout=5).close()\n", 1)
open(p, "w").write(s)
PY
}

pulldown_cmark() {
    local version=0.13.6 home
    home=$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd)
    mkdir -p "$WORK/fetch/src"
    : >"$WORK/fetch/src/lib.rs"
    printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\npulldown-cmark = "=%s"\n' \
        "$version" >"$WORK/fetch/Cargo.toml"
    SRC=$(cd "$WORK/fetch" && cargo fetch -q && cargo metadata -q --format-version 1 |
        python3 -c 'import json, os, sys
print(next(os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"] if p["name"] == "pulldown-cmark"))')
    (cd "$SRC" && cargo fetch -q --locked)
    copy() { rm -rf "$RUN"; cp -r "$SRC" "$RUN"; chmod -R u+w "$RUN"; }
    run() {
        (set +e; cd "$1" && env -u RUST_BACKTRACE CARGO_TARGET_DIR="$1/target" CARGO_TERM_COLOR=never \
            cargo test --locked 2>&1; echo "exit status $?") |
            sed -e "s#$1#/src/pulldown-cmark#g" -e "s#$home#/usr/local/cargo#g" >"$2"
    }
    baselines
    # A broken assertion: one expected rendering of a CommonMark spec example is wrong.
    fault pulldown-cmark-assert 'spec_test_300|<h3>Bar</h3>' \
        sed -i '/^fn spec_test_300()/,/^}/ s#<h2>Bar</h2>#<h3>Bar</h3>#' tests/suite/spec.rs
    # A missing file: a test module's source is gone, so the tests do not build.
    fault pulldown-cmark-missing-file 'file not found for module|math\.rs' rm tests/suite/math.rs
    # A refused connection: a test needs a service that is not running.
    fault pulldown-cmark-refused 'ConnectionRefused|Connection refused' \
        sed -i '/^fn regression_test_1() {$/a\    std::net::TcpStream::connect("127.0.0.1:9").unwrap();' tests/suite/regression.rs
}

chroma() {
    local pkg=golang-github-alecthomas-chroma-v2-dev gocode=/usr/share/gocode/src
    [[ -d $gocode/github.com/alecthomas/chroma/v2 ]] || apt-get install -y -q "$pkg" >/dev/null
    local dir=$WORK/gopath/src/github.com/alecthomas/chroma/v2
    RUN=$dir
    copy() { rm -rf "$RUN"; mkdir -p "$(dirname "$RUN")"; cp -r "$gocode/github.com/alecthomas/chroma/v2" "$RUN"; }
    run() {
        rm -rf "$WORK/gocache"
        (set +e; cd "$1" && GO111MODULE=off GOFLAGS= GOPATH="$WORK/gopath:/usr/share/gocode" \
            GOCACHE="$WORK/gocache" go test -v ./... 2>&1; echo "exit status $?") |
            sed -e "s#$WORK/gopath#/go#g" >"$2"
    }
    baselines
    # A broken assertion: one expected colour string is wrong.
    fault chroma-assert 'TestColourString|8913ae' \
        sed -i 's/assert.Equal(t, "#8913af", ParseColour/assert.Equal(t, "#8913ae", ParseColour/' colour_test.go
    # A missing file: the expected tokens of one lexer's test data are gone.
    fault chroma-missing-file 'bash\.expected' rm lexers/testdata/bash.expected
    # A refused connection: a test needs a service that is not running.
    fault chroma-refused 'connection refused' python3 - <<'PY'
p = "coalesce_test.go"
s = open(p).read()
s = s.replace('import (\n', 'import (\n\t"net"\n', 1)
s = s.replace("func TestCoalesce(t *testing.T) {\n",
  "func TestCoalesce(t *testing.T) {\n\tif c, err := net.Dial(\"tcp\", \"127.0.0.1:9\"); err != nil {\n\t\tt.Fatal(err)\n\t} else {\n\t\tc.Close()\n\t}\n", 1)
open(p, "w").write(s)
PY
    RUN=$WORK/run
}

for p in "${PROJECTS[@]}"; do
    case $p in
    dateutil) dateutil ;;
    pulldown-cmark) pulldown_cmark ;;
    chroma) chroma ;;
    *) echo "diff-pairs.sh: unknown project '$p' (dateutil, pulldown-cmark, chroma)" >&2; exit 2 ;;
    esac
done
