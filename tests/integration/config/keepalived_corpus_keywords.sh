#!/usr/bin/env bash
# Every keyword xvrrp supports appears in at least one file of the project's
# keepalived corpus (tests/config/keepalived, include.d included).
#
# "Supported" is read from the parser's own registries: the handler tables
# (H{"..."} global_defs and vrrp_instance, S{"..."} vrrp_script, G{"..."}
# vrrp_sync_group) in userspace/config/*.cpp, plus the authentication block's
# words and the top-level blocks. Keywords keepalived 2.2.7 does not know
# cannot be in a file `keepalived -t` accepts; they are exempt, each with its
# reason below.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
SRC=${XVRRP_CONFIG_SRC:-$REPO/userspace/config}
CORPUS=${XVRRP_KEEPALIVED_CORPUS:-$REPO/tests/config/keepalived}

declare -A exempt=(
    [xvrrp_metrics_address]="xvrrp's own keyword"
    [version_migration]="xvrrp's own keyword"
    [v3_checksum_as_v2]="keepalived >= 2.2.8 only; 2.2.7 calls it unknown"
    [xvrrp_real_mac]="xvrrp's own keyword"
)

mapfile -t registered < <(grep -ohE '(\b[HSGFP]|Handler<[A-Za-z]+>)\{"[a-z0-9_]+"' "$SRC"/*.cpp |
    sed -E 's/.*"(.*)"/\1/' | sort -u)
# The tables moved or changed shape: this test must be taught where they are,
# not pass on an empty list.
if ((${#registered[@]} < 50)); then
    echo "FAIL: only ${#registered[@]} keywords found in the handler tables of $SRC" >&2
    exit 1
fi
keywords=("${registered[@]}" auth_type auth_pass global_defs vrrp_instance vrrp_script
    vrrp_sync_group include)

# A keyword is used when it starts a line (after blanks) of a corpus file.
used=$(find "$CORPUS" -name '*.conf' -exec cat {} + |
    sed -nE 's/^[[:space:]]*([A-Za-z0-9_]+).*/\1/p' | sort -u)
missing=()
for k in "${keywords[@]}"; do
    if [[ -n ${exempt[$k]:-} ]]; then
        echo "exempt: $k (${exempt[$k]})"
    elif ! grep -qxF "$k" <<<"$used"; then
        missing+=("$k")
    fi
done
echo "${#keywords[@]} supported keywords (from the handler tables), ${#missing[@]} in no corpus file"
if ((${#missing[@]})); then
    echo "FAIL: in no file of ${CORPUS#"$REPO"/}: ${missing[*]}" >&2
    exit 1
fi
echo PASS
