#!/usr/bin/env bash
# `xvrrp --version` prints "xvrrp VERSION (git REV)": the project version and
# the revision the binary was built from (a tree without .git says "unknown").
set -euo pipefail
line=$("$XVRRP_BIN" --version)
echo "xvrrp --version: $line"
if git -C "$XVRRP_SOURCE_DIR" rev-parse --git-dir >/dev/null 2>&1; then
  rev=$(git -C "$XVRRP_SOURCE_DIR" rev-parse --short=12 HEAD)
  # +dirty: built from a tree with uncommitted changes.
  pattern="^xvrrp ${XVRRP_VERSION//./\\.} \\(git ${rev}(\\+dirty)?\\)$"
else
  pattern="^xvrrp ${XVRRP_VERSION//./\\.} \\(git unknown\\)$"
fi
if [[ ! $line =~ $pattern ]]; then
  echo "FAIL: expected /$pattern/" >&2
  exit 1
fi
# `attach --version N` stays the quick-start VRRP version: not the version line.
if "$XVRRP_BIN" attach lo --vrid 1 --vip 192.0.2.1 --version 9 2>&1 | grep -q '(git '; then
  echo "FAIL: attach --version printed the program version" >&2
  exit 1
fi
echo PASS
