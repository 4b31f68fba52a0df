#!/usr/bin/env bash
# Runs the performance benches one after the other (never two at once: they
# would measure each other), passing the common options on (--quick,
# --build DIR, --results DIR; not --impl, which differs per bench):
#   bench/lib/run_all.sh [--quick] [options...]
# scale, failover_scale, arp_flood (replies to the socket, then to XDP),
# flood_resilience, egress_cost/flood.sh, metrics_scrape, startup. Exits non-zero if any of them could not measure; the
# others still run.
set -uo pipefail
bench=$(cd "$(dirname "$0")/.." && pwd)
rc=0
run() {
    echo "=== $*" >&2
    "$@" || { rc=1 && echo "=== FAILED: $*" >&2; }
}
run "$bench/scale/run.sh" "$@"
run "$bench/failover_scale/run.sh" "$@"
run "$bench/arp_flood/run.sh" "$@"
run "$bench/arp_flood/run.sh" --sink xdp "$@"
run "$bench/flood_resilience/run.sh" "$@"
run "$bench/egress_cost/flood.sh" "$@"
run "$bench/metrics_scrape/run.sh" "$@"
run "$bench/startup/run.sh" "$@"
exit "$rc"
