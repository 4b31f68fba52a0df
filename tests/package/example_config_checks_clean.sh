#!/usr/bin/env bash
# The example /etc/xvrrp/xvrrp.conf the package ships: as shipped, every line
# is a comment; with the leading "! " removed it is a configuration
# `xvrrp config check` accepts (only the missing interface bond1 is a warning).
set -euo pipefail
example=$XVRRP_SOURCE_DIR/packaging/xvrrp.conf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if grep -vqE '^!|^$' "$example"; then
  echo "FAIL: the shipped example has active lines" >&2
  exit 1
fi
# The block starts at the first "! global_defs"; the prose above stays comments.
awk '/^! global_defs/ {on = 1} on {sub(/^! ?/, "")} {print}' "$example" >"$tmp/xvrrp.conf"
set +e
out=$("$XVRRP_BIN" config check "$tmp/xvrrp.conf" 2>&1)
rc=$?
set -e
echo "$out"
[[ $rc -eq 0 ]] || { echo "FAIL: config check exited $rc" >&2; exit 1; }
if grep -E ': (error|warning):' <<<"$out" | grep -v "bond1" | grep -q .; then
  echo "FAIL: findings other than the missing interface" >&2
  exit 1
fi
grep -q "VI_7" "$tmp/xvrrp.conf"
echo PASS
