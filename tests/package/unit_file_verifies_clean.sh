#!/usr/bin/env bash
# systemd's own checker accepts packaging/xvrrp.service without a word: the
# unit as shipped, with /usr/sbin/xvrrp pointed at the built binary (it must
# exist for verify) and the built man pages on MANPATH (Documentation= is
# checked with man). Also pins the parts other code relies on.
set -euo pipefail
unit=$XVRRP_SOURCE_DIR/packaging/xvrrp.service
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/sbin/xvrrp|$XVRRP_BIN|g" "$unit" >"$tmp/xvrrp.service"
mkdir -p "$tmp/man/man8" "$tmp/man/man5"
cp "$XVRRP_MAN_DIR/xvrrp.8" "$tmp/man/man8/"
cp "$XVRRP_MAN_DIR/xvrrp.conf.5" "$tmp/man/man5/"
out=$(MANPATH=$tmp/man SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "$tmp/xvrrp.service" 2>&1) || {
  echo "FAIL: systemd-analyze verify exited non-zero:" >&2
  echo "$out" >&2
  exit 1
}
if [[ -n $out ]]; then
  echo "FAIL: systemd-analyze verify said:" >&2
  echo "$out" >&2
  exit 1
fi
echo "systemd-analyze verify: clean"
for line in 'Type=notify' 'NotifyAccess=main' 'ExecStart=/usr/sbin/xvrrp attach -f /etc/xvrrp/xvrrp.conf' \
    'ExecReload=/bin/kill -HUP $MAINPID' 'Restart=on-failure' 'ProtectSystem=strict' \
    'ProtectHome=yes' 'PrivateTmp=yes' 'RuntimeDirectory=xvrrp'; do
  grep -qxF "$line" "$unit" || { echo "FAIL: unit lacks '$line'" >&2; exit 1; }
done
grep -qE '^WatchdogSec=[1-9]' "$unit" || { echo "FAIL: no WatchdogSec" >&2; exit 1; }
# The score docs/packaging.md quotes (informational: printed for the log).
systemd-analyze security --offline=true "$tmp/xvrrp.service" 2>/dev/null | tail -1 || true
echo PASS
