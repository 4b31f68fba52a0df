#!/usr/bin/env bash
# Failover demo: two xvrrp routers and a client in network namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "demo: not yet — the controller (xvrrp attach) is not built yet; see the open issues."
echo "demo: what exists today: scripts/lab.sh builds the namespace lab; scripts/test.sh runs the tests."
exit 0
