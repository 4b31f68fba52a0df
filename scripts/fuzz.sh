#!/usr/bin/env bash
# Fuzz the keepalived-syntax configuration parser with libFuzzer.
#   scripts/fuzz.sh [SECONDS]      (default 60)
# Configures build-fuzz with clang and -DXVRRP_FUZZ=ON, builds only the fuzz
# target, and runs it for SECONDS from the seed corpus. Exits non-zero when
# the fuzzer finds a crash, leak, sanitizer report or broken invariant; the
# input that caused it is left in build-fuzz/fuzz-config/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
if ! [[ $secs =~ ^[0-9]+$ ]] || [[ $secs -eq 0 ]]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXVRRP_FUZZ=ON -DXVRRP_WERROR=ON >/dev/null
cmake --build build-fuzz -j2 --target xvrrp_config_fuzz

# New inputs go to a scratch corpus; the checked-in seed corpus is read only.
work=build-fuzz/fuzz-config
mkdir -p "$work/corpus" "$work/artifacts"
exec build-fuzz/tests/fuzz/xvrrp_config_fuzz \
  -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" \
  "$work/corpus" tests/fuzz/corpus/config
