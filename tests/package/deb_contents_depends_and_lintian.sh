#!/usr/bin/env bash
# The documented command builds the Debian package; it holds what an operator
# needs, its Depends were computed from the binary (dpkg-shlibdeps), the
# example configuration is a conffile, and lintian reports no error and no
# warning that docs/packaging.md does not justify.
set -euo pipefail
work=$XVRRP_BUILD_DIR/package
rm -rf "$work/out"
deb=$(BUILD_DIR=$work/build OUT_DIR=$work/out "$XVRRP_SOURCE_DIR/scripts/package.sh" | tail -1)
echo "built: $deb"
fail() { echo "FAIL: $*" >&2; exit 1; }
arch=$(dpkg --print-architecture)
[[ $(basename "$deb") == "xvrrp_${XVRRP_VERSION}_${arch}.deb" ]] || fail "file name $(basename "$deb")"

contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for path in ./usr/sbin/xvrrp ./lib/systemd/system/xvrrp.service \
    ./usr/share/man/man8/xvrrp.8.gz ./usr/share/man/man5/xvrrp.conf.5.gz \
    ./etc/xvrrp/xvrrp.conf ./usr/share/doc/xvrrp/copyright \
    ./usr/share/doc/xvrrp/changelog.gz ./usr/share/bash-completion/completions/xvrrp; do
  grep -qxF "$path" <<<"$contents" || fail "$path is not in the package"
done
echo "contents: $(wc -l <<<"$contents") entries, every expected path present"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
names=$(tr ',' '\n' <<<"$depends" | awk '{print $1}')
for lib in libc6 libbpf1 libxdp1 libnl-route-3-200 libstdc++6; do
  grep -qxF "$lib" <<<"$names" || fail "Depends lacks $lib (not computed?)"
done
dpkg-deb -I "$deb" conffiles | grep -qxF /etc/xvrrp/xvrrp.conf || fail "xvrrp.conf is not a conffile"

# The packaged binary runs from the package's own files.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
"$tmp/usr/sbin/xvrrp" --version | grep -q "^xvrrp $XVRRP_VERSION (git " || fail "packaged --version"

report=$(lintian --info --display-info "$deb" 2>&1) || true
echo "lintian:"
echo "$report" | grep -E '^[EWIXP]: ' || echo "  (nothing)"
if grep -q '^E: ' <<<"$report"; then
  fail "lintian reports errors"
fi
for tag in $(grep -E '^W: ' <<<"$report" | awk '{print $3}' | sort -u); do
  grep -qF "\`$tag\`" "$XVRRP_SOURCE_DIR/docs/packaging.md" ||
    fail "lintian warning $tag is not justified in docs/packaging.md"
done
echo "lintian: $(grep -c '^E: ' <<<"$report" || true) errors, $(grep -c '^W: ' <<<"$report" || true) warnings"
echo PASS
