#!/usr/bin/env bash
# The man pages the build made from docs/man/*.md and docs/configuration.md
# render with man(1) and groff without a single warning, and carry the
# sections a reader looks for.
set -euo pipefail
fail=0
for page in xvrrp.8 xvrrp.conf.5; do
  f=$XVRRP_MAN_DIR/$page
  [[ -s $f ]] || { echo "FAIL: $f was not built (pandoc missing?)" >&2; exit 1; }
  warnings=$(groff -man -ww -z -t "$f" 2>&1 || true)
  rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$f" 2>/tmp/xvrrp-man-$$.err)
  warnings+=$(cat /tmp/xvrrp-man-$$.err); rm -f /tmp/xvrrp-man-$$.err
  if [[ -n $warnings ]]; then
    echo "FAIL: $page: warnings:" >&2
    echo "$warnings" >&2
    fail=1
  fi
  for section in NAME SYNOPSIS DESCRIPTION; do
    grep -q "^$section\$" <<<"$rendered" || { echo "FAIL: $page has no $section" >&2; fail=1; }
  done
  echo "$page: $(wc -l <<<"$rendered") lines, no warnings"
done
rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$XVRRP_MAN_DIR/xvrrp.8")
for section in COMMANDS OPTIONS SIGNALS "EXIT STATUS" FILES; do
  grep -q "^$section\$" <<<"$rendered" || { echo "FAIL: xvrrp.8 has no $section" >&2; fail=1; }
done
# xvrrp.conf(5) is configuration.md: spot-check keywords of each status.
rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$XVRRP_MAN_DIR/xvrrp.conf.5")
for keyword in virtual_router_id vrrp_garp_master_refresh smtp_alert virtual_routes \
    version_migration; do
  grep -q "$keyword" <<<"$rendered" || { echo "FAIL: xvrrp.conf.5 lacks $keyword" >&2; fail=1; }
done
for status in "status: supported" "status: accepted, ignored" "status: rejected"; do
  grep -q "$status" <<<"$rendered" || { echo "FAIL: xvrrp.conf.5 lacks '$status'" >&2; fail=1; }
done
[[ $fail -eq 0 ]] && echo PASS
exit $fail
