#!/usr/bin/env bash
# table.sh [RESULTS/chaos.json]: the per-class table of a both-implementation
# run as Markdown (bench/README.md quotes it).
set -euo pipefail
f=${1:-$(cd "$(dirname "$0")/../results" && pwd)/chaos.json}
jq -r '
  .implementations as $i
  | "| class | n | xvrrp outage median / max (ms) | keepalived outage median / max (ms) | xvrrp two responders total / max (ms) | keepalived two responders total / max (ms) | xvrrp two MACs (ms) | keepalived two MACs (ms) | xvrrp no answer total / max (ms) | keepalived no answer total / max (ms) | unrecovered x / k |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    (([$i.xvrrp.per_class // {}, $i.keepalived.per_class // {}] | map(keys) | add | unique)[] as $c
     | ($i.xvrrp.per_class[$c]) as $x | ($i.keepalived.per_class[$c]) as $k
     | "| \($c) | \($x.count // $k.count) | \($x.outage_ms.median) / \($x.outage_ms.max) | \($k.outage_ms.median) / \($k.outage_ms.max) | \($x.two_responders_ms.total) / \($x.two_responders_ms.max) | \($k.two_responders_ms.total) / \($k.two_responders_ms.max) | \($x.two_macs_ms.total) | \($k.two_macs_ms.total) | \($x.none_ms.total) / \($x.none_ms.max) | \($k.none_ms.total) / \($k.none_ms.max) | \($x.unrecovered) / \($k.unrecovered) |")' "$f"
