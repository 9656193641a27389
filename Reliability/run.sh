#!/usr/bin/env bash
# The reliability suite of issue 17, run long: the same harnesses `swift test` runs short
# (crash consistency, command-line and import fuzzing, the key monkey), given larger counts
# through CASEBENCH_RELIABILITY_* variables, then a table of what they found.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: Reliability/run.sh [options]

Runs the reliability harnesses long and prints what they found: crashes, invariant
violations, acknowledged writes lost, actions from unbound key sequences, inputs run, time.

  --rounds N    crash rounds: writers killed at random moments (default 100)
  --writers N   casebench processes writing in each round (default 8)
  --lines N     fuzzed command lines (default 100000)
  --imports N   fuzzed import files (default 10000)
  --keys N      monkey keys: random keys, and unbound sequences per role (default 10000)
  --seed S      the seed every harness draws from (default 17); the same seed runs the same inputs
  --first N     the fuzzers start at input N (default 0): with N a multiple of 500, inputs N on
                are the very inputs, on the very desk, of a run from 0 — a failure replays alone
  --release     build and test in release (default: debug, the build `swift test` uses)
  --log DIR     where each harness logs its inputs before running them, and the figures go
                (default: /tmp/casebench-reliability-<time>); kept after the run
  -h, --help    this text

Exit status 0 when every figure but the inputs and the time is 0.
USAGE
}

rounds=100 writers=8 lines=100000 imports=10000 keys=10000 seed=17 first=0 config=debug log=""
while [ $# -gt 0 ]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --lines) lines=$2; shift 2 ;;
    --imports) imports=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --first) first=$2; shift 2 ;;
    --release) config=release; shift ;;
    --log) log=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
for n in "$rounds" "$writers" "$lines" "$imports" "$keys" "$seed" "$first"; do
    case "$n" in '' | *[!0-9]*) echo "run.sh: '$n' is not a count" >&2; exit 2 ;; esac
done

cd "$(dirname "$0")/.."
log=${log:-/tmp/casebench-reliability-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$log"
figures="$log/figures.txt"
: >"$figures"

echo "building ($config)…"
swift build --build-tests -c "$config" >"$log/build.log" 2>&1 || { tail -20 "$log/build.log"; exit 2; }

# The test bundle and the binary it drives are run from a copy: a build in this tree while a
# long run goes on then changes nothing that it runs. The copy stays under .build, where the
# binary finds data/ above it as the built one does.
bin=.build/reliability-$$
mkdir -p "$bin"
cp ".build/$config/CasebenchPackageTests.xctest" ".build/$config/casebench" "$bin/"

echo "running: $rounds rounds of $writers writers, $lines lines, $imports imports, $keys keys, seed $seed; logs in $log"
started=$(date +%s)
status=0
CASEBENCH_RELIABILITY_ROUNDS=$rounds CASEBENCH_RELIABILITY_WRITERS=$writers \
    CASEBENCH_RELIABILITY_LINES=$lines CASEBENCH_RELIABILITY_IMPORTS=$imports \
    CASEBENCH_RELIABILITY_KEYS=$keys CASEBENCH_RELIABILITY_SEED=$seed CASEBENCH_RELIABILITY_FIRST=$first \
    CASEBENCH_RELIABILITY_LOG_DIR=$log CASEBENCH_RELIABILITY_REPORT=$figures \
    "$bin/CasebenchPackageTests.xctest" --testing-library swift-testing \
    --filter 'CrashConsistencyTests|CommandFuzzTests|ImportFuzzTests|KeyMonkeyTests' >"$log/test.log" 2>&1 ||
    status=$?
elapsed=$(($(date +%s) - started))

# A harness that crashes takes the test process with it (and its figures): it dies of a signal
# (status over 128), and the last input in that harness's log is the one that did it.
crashed=0 summary=0
if [ "$status" -gt 128 ]; then crashed=1; fi

awk -v crashed="$crashed" -v elapsed="$elapsed" '
    function field(name,   i, kv) {
        for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
        return 0
    }
    BEGIN {
        printf "%-22s %10s %8s %11s %5s %8s %9s\n", "harness", "inputs", "crashes", "violations", "lost", "unbound", "seconds"
    }
    {
        printf "%-22s %10d %8d %11d %5d %8d %9s\n", field("harness"), field("inputs"), field("crashes"),
            field("violations"), field("lost"), field("unbound"), field("seconds")
        n += field("inputs"); c += field("crashes"); v += field("violations"); l += field("lost"); u += field("unbound")
    }
    END {
        c += crashed
        printf "%-22s %10d %8d %11d %5d %8d %9d\n", "total", n, c, v, l, u, elapsed
        if (crashed) print "swift test died of a signal: the last input in each log is the one running"
        exit (c + v + l + u > 0)
    }' "$figures" >"$log/summary.txt" || summary=$?
cat "$log/summary.txt"
grep -E "Test run with|✘|error:" "$log/test.log" | tail -20 || true
rm -rf "$bin"
if [ "$status" -ne 0 ] || [ "$summary" -ne 0 ]; then
    echo "FAILED: see $log/test.log and the logs beside it" >&2
    exit 1
fi
echo "passed; logs in $log"
