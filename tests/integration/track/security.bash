# security.bash: what the enable_script_security lab tests share (issue 12
# item 3, docs/operations.md "Script security"): the lab library, the xvrrp
# peer, an unprivileged "attacker", and config-line lookups for the FILE:LINE
# the controller must name.
set -euo pipefail
SECURITY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$SECURITY_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$SECURITY_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq setpriv
lab_require_xvrrp
id nobody >/dev/null 2>&1 || lab_skip "no user 'nobody'"

# as_nobody cmd...: run cmd as uid/gid 65534, no supplementary groups.
as_nobody() {
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# line_of FILE TEXT: the number of the first line of FILE containing TEXT.
line_of() {
    local n
    n=$(grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1)
    [[ -n $n ]] || fail "no '$2' in $1"
    echo "$n"
}

# log_has NAME TEXT: the controller NAME's log has a line containing TEXT.
log_has() {
    grep -qF -- "$2" "$LAB_TMP/xv-$1.log"
}

# expect_log NAME TEXT: fail unless the log has it (within 3 s).
expect_log() {
    wait_until 3 log_has "$1" "$2" || fail "xvrrp $1 never logged: $2"
}

# instance_block [EXTRA LINE...]: one VRRPv3 instance on bond1 (VRID 10,
# priority 150, 100 ms adverts, the lab's VIP), with the extra lines inside.
instance_block() {
    local l
    echo "vrrp_instance VI_1 {"
    echo "    interface bond1"
    echo "    virtual_router_id 10"
    echo "    priority 150"
    echo "    version 3"
    echo "    advert_int 0.1"
    echo "    virtual_ipaddress {"
    echo "        $VIP/24"
    echo "    }"
    for l in "$@"; do
        echo "    $l"
    done
    echo "}"
}

# A script as an attacker would leave it: it records who ran it.
# attacker_script PATH MARKER
attacker_script() {
    printf '#!/bin/sh\nid -u > %s\nexit 0\n' "$2" >"$1"
    chmod 755 "$1"
}

# _xvrrp_field_is NAME FIELD VALUE (for wait_until)
_xvrrp_field_is() {
    [[ $(xvrrp_field "$1" "$2") == "$3" ]]
}
