#!/usr/bin/env bash
# Build the Debian package: xvrrp_<version>_<arch>.deb in the current folder
# (or OUT_DIR), from a Release build of its own in build-package (or BUILD_DIR),
# with Debian's hardening flags (dpkg-buildflags). Dependencies are computed
# from the binary by dpkg-shlibdeps (CPack). See docs/packaging.md.
#   scripts/package.sh              build, then print the .deb's path
#   scripts/package.sh --lintian    and run lintian on it
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${BUILD_DIR:-$src/build-package}")
out=$(realpath -m "${OUT_DIR:-$PWD}")
run_lintian=0
[[ ${1:-} == --lintian ]] && run_lintian=1

for tool in cmake ninja cpack dpkg-shlibdeps pandoc fakeroot; do
  command -v "$tool" >/dev/null || {
    echo "package.sh: $tool is missing: run scripts/deps.sh as root" >&2
    exit 1
  }
done

export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cd "$src"  # dpkg-buildflags maps the current folder out of debug paths
eval "$(dpkg-buildflags --export=sh)"
# CMake reads CFLAGS/CXXFLAGS/LDFLAGS, not CPPFLAGS (-D_FORTIFY_SOURCE=2).
export CFLAGS="$CPPFLAGS $CFLAGS" CXXFLAGS="$CPPFLAGS $CXXFLAGS"
# Only what the package holds is built (not the tests), so `install` must not
# wait for the whole tree.
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target xvrrp xvrrp_man xvrrp_changelog
rm -f "$build"/xvrrp_*.deb
(cd "$build" && fakeroot cpack -G DEB >/dev/null)
deb=$(ls "$build"/xvrrp_*.deb)
mkdir -p "$out"
cp "$deb" "$out/"
deb=$out/$(basename "$deb")
echo "$deb"
if [[ $run_lintian -eq 1 ]]; then
  lintian --info "$deb"
fi
