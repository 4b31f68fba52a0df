#!/usr/bin/env bash
# Install every Debian package that building, testing and benchmarking xvrrp needs.
# Idempotent: packages already present are left alone; apt-get update runs first
# only when something is missing. Must run as root on Debian 12 (bookworm).
set -euo pipefail

# Build toolchain and libraries.
BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git
  clang llvm lld
  bpftool libbpf-dev libxdp-dev xdp-tools libelf-dev zlib1g-dev
  libnl-3-dev libnl-route-3-dev
  libspdlog-dev libfmt-dev
  libgtest-dev googletest libgmock-dev
  libcli11-dev nlohmann-json3-dev prometheus-cpp-dev
  libsystemd-dev libcap-dev
  clang-format clang-tidy
)
# Test peers, oracles and lab tooling.
TEST_PKGS=(
  iproute2 iputils-ping iputils-arping tcpdump tshark
  keepalived frr netsniff-ng  # keepalived also brings keepalived.conf(5): the keyword test reads it
  procps psmisc util-linux jq
  python3  # tests/integration/service: the sd_notify socket's listener
  systemd libcap2-bin  # systemd-journald + journalctl (journal tests), capsh (privilege tests)
  prometheus curl  # tests/integration/metrics: a real Prometheus server, its query API
)
# Packaging: the .deb (scripts/package.sh), its checks and the man pages.
PKG_PKGS=(dpkg-dev fakeroot lintian pandoc groff-base man-db systemd)
# Benchmark plotting and measurement.
BENCH_PKGS=(gnuplot-nox valgrind linux-perf hyperfine
  ethtool  # arp_flood: GRO on the responder veth, so the kernel answers in its NAPI thread
  rt-tests)  # hog: cyclictest, the machine's own real-time wake-up latency beside the loop's

ALL=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${PKG_PKGS[@]}" "${BENCH_PKGS[@]}")

if [[ $(id -u) -ne 0 ]]; then
  echo "deps.sh: must run as root (apt-get install)" >&2
  exit 1
fi

missing=()
for p in "${ALL[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# keepalived.conf(5) is test input (the keyword test reads its keywords).
# Minimal images tell dpkg to leave /usr/share/man out; then the page is
# taken from the package file itself.
ensure_keepalived_man() {
  local page=/usr/share/man/man5/keepalived.conf.5.gz tmp
  [[ -f $page ]] && return 0
  tmp=$(mktemp -d)
  if (cd "$tmp" && chmod 755 . && apt-get download -qq keepalived 2>/dev/null &&
      dpkg-deb --fsys-tarfile keepalived_*.deb | tar -x -C "$tmp" ".$page"); then
    install -D -m 644 "$tmp$page" "$page"
  else
    echo "deps.sh: could not extract $page from the keepalived package" >&2
  fi
  rm -rf "$tmp"
}

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps.sh: all ${#ALL[@]} packages present"
  ensure_keepalived_man
  exit 0
fi

echo "deps.sh: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages such as keepalived and frr ship services; never start them on the
# host while installing (tests start their own copies inside namespaces).
created_policy=0
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[[ $created_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d' EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
ensure_keepalived_man
echo "deps.sh: done"
