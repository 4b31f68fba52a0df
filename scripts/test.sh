#!/usr/bin/env bash
# Install what is missing, configure, build and run every test layer.
#   scripts/test.sh                 a clang build (-Werror, not run), the unit layer under
#                                   ASan/UBSan, 60 s of fuzzing the config parser and 60 s of
#                                   the XDP program, then every layer (unit, bpf, integration,
#                                   package)
#   scripts/test.sh -L unit         one layer (any ctest arguments are passed through)
# bpf and integration tests need root; unprivileged they skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -eq 0 ]]; then
  bash scripts/deps.sh
else
  echo "test.sh: not root, not installing packages (run scripts/deps.sh as root if the build fails)"
fi

jobs=$(nproc)
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"
# The same tree must build clean (-Werror) with clang too; built, not run
# again (the GCC build above is the one every layer runs on).
if [[ $# -eq 0 ]]; then
  cmake --preset clang >/dev/null
  cmake --build --preset clang -j "$jobs"
fi
# The codec and config parser must survive arbitrary bytes: run the pure layer
# again with AddressSanitizer and UndefinedBehaviorSanitizer, then fuzz the
# configuration parser and the XDP program for a bounded time each (all
# skipped when the caller picked tests by hand).
if [[ $# -eq 0 ]]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
  bash scripts/fuzz.sh "${XVRRP_FUZZ_SECONDS:-60}" "${XVRRP_XDP_FUZZ_SECONDS:-60}"
fi

# Every layer (unit, bpf, integration); its summary is the run's last word.
# A failed test is run once more before it counts: the integration tests run
# whole routers with 10 ms timers on a shared 2-core machine. Both attempts
# are in the log, so a flaky test stays visible.
ctest --preset default -j 1 --repeat until-pass:2 "$@"
