# Shared by the benchmark scripts (sourced, from the repository root): paths, installing a
# missing Debian package, and a private copy of the release binary.

ROOT=$PWD
WORK=$ROOT/target/bench
OUT=${BENCH_OUT:-/tmp/kennisbank-bench}
RESULTS=$WORK/results
mkdir -p "$WORK" "$OUT" "$RESULTS"

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "need $* (apt-get install -y $*) and not root" >&2
        exit 1
    fi
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Builds the release binary and sets KB to a private copy named after the benchmark: other
# cargo builds in this target dir may replace target/release/kennisbank while we measure.
kennisbank_copy() {
    echo "== building kennisbank (release)"
    cargo build --release --quiet
    mkdir -p "$WORK/bin"
    cp target/release/kennisbank "$WORK/bin/kennisbank-$1"
    KB=$WORK/bin/kennisbank-$1
    "$KB" --version
}
