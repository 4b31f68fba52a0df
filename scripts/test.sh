#!/usr/bin/env bash
# Install what is missing, configure, build and run every test layer.
#   scripts/test.sh                 all layers (unit, bpf, integration) + unit under ASan/UBSan
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
ctest --preset default -j 1 "$@"

# The codec and config parser must survive arbitrary bytes: run the pure layer
# again with AddressSanitizer and UndefinedBehaviorSanitizer (skipped when the
# caller picked a layer by hand).
if [[ $# -eq 0 ]]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
fi
