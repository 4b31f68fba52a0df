#!/usr/bin/env bash
# Every command and option the binary's --help shows is in xvrrp(8): a new
# flag without a line in docs/man/xvrrp.8.md fails here.
set -euo pipefail
page=$XVRRP_SOURCE_DIR/docs/man/xvrrp.8.md
# The man source writes options as **\-\-name**; compare without the escapes.
man_text=$(sed 's/\\-/-/g' "$page")
fail=0
for cmd in "" attach status stats detach "config check"; do
  # shellcheck disable=SC2086
  help=$("$XVRRP_BIN" $cmd --help)
  for opt in $(grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' <<<"$help" | tr -d ' ,' | sort -u); do
    if ! grep -qE "\*\*${opt}\*\*" <<<"$man_text"; then
      echo "FAIL: '${cmd:-xvrrp}' option $opt is not in docs/man/xvrrp.8.md" >&2
      fail=1
    fi
  done
done
for cmd in attach status stats detach "config check"; do
  grep -q "^\*\*$cmd\*\*" <<<"$man_text" || { echo "FAIL: command $cmd not in COMMANDS" >&2; fail=1; }
done
[[ $fail -eq 0 ]] && echo PASS
exit $fail
