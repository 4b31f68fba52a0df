#!/bin/sh
# Runs the TC egress cost bench from an existing build (default: build/, the
# `default` preset; override with BUILD_DIR) and writes
# bench/results/egress_cost.json. Builds nothing. Needs root.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
bin=$build/bench/egress_cost/xvrrp_egress_cost
if [ ! -x "$bin" ]; then
    echo "run.sh: $bin not found: build it first (cmake --build $build --target xvrrp_egress_cost)" >&2
    exit 1
fi
mkdir -p "$root/bench/results"
exec "$bin" --trials "${TRIALS:-5}" --out "$root/bench/results/egress_cost.json" "$@"
