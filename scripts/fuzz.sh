#!/usr/bin/env bash
# Fuzz with libFuzzer: the keepalived-syntax configuration parser, then the
# XDP program (frames through the real program with BPF_PROG_TEST_RUN,
# checked against a model; tests/fuzz/xdp_fuzz.cpp).
#   scripts/fuzz.sh [SECONDS [XDP_SECONDS]]     (defaults 60 and 60)
# Configures build-fuzz with clang and -DXVRRP_FUZZ=ON, builds only the fuzz
# targets, and runs each for its time from its seed corpus. XDP_SECONDS 0
# skips the XDP fuzzer; it needs root (BPF), and is skipped with a message
# without it. Exits non-zero when a fuzzer finds a crash, leak, sanitizer
# report or broken invariant; the input that caused it is left in
# build-fuzz/fuzz-config/artifacts/ or build-fuzz/fuzz-xdp/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
xdp_secs=${2:-60}
if ! [[ $secs =~ ^[0-9]+$ ]] || [[ $secs -eq 0 ]] || ! [[ $xdp_secs =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [SECONDS [XDP_SECONDS]]" >&2
  exit 2
fi
xdp=1
if [[ $xdp_secs -eq 0 ]]; then
  xdp=0
elif [[ $(id -u) -ne 0 ]]; then
  echo "fuzz.sh: not root, the XDP fuzzer is skipped (it loads the XDP program)"
  xdp=0
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXVRRP_FUZZ=ON -DXVRRP_WERROR=ON >/dev/null
targets=(xvrrp_config_fuzz)
[[ $xdp -eq 1 ]] && targets+=(xvrrp_xdp_fuzz)
cmake --build build-fuzz -j2 --target "${targets[@]}"

# New inputs go to a scratch corpus; the checked-in seed corpus is read only.
run() {
  local name=$1 binary=$2 seconds=$3
  local work=build-fuzz/fuzz-$name
  mkdir -p "$work/corpus" "$work/artifacts"
  "build-fuzz/tests/fuzz/$binary" \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "tests/fuzz/corpus/$name"
}
run config xvrrp_config_fuzz "$secs"
if [[ $xdp -eq 1 ]]; then
  run xdp xvrrp_xdp_fuzz "$xdp_secs"
fi
