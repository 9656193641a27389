# Sourced by each benchmark script, from the project root: the tools it needs, and the
# release binary it measures, built into $BENCH_SCRATCH (default .build).

# needs TOOL…: stops the script, naming the first tool missing.
needs() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$(basename "$0"): needs $tool (apt-get install $tool)" >&2; exit 2; }
  done
}

# Builds casebench for release, as scripts/install.sh and the package build it (the Swift runtime
# linked in), and sets $bin to it.
release_binary() {
  swift build -c release --static-swift-stdlib --product casebench --scratch-path "${BENCH_SCRATCH:-.build}" >/dev/null
  bin=${BENCH_SCRATCH:-.build}/release/casebench
}
