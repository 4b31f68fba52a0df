# objects.bash: what the track_file / track_process / notify lab tests share:
# the lab library, the xvrrp peer, a two-router configuration writer and a
# stopwatch for "reacts within one advert interval".
set -euo pipefail
OBJECTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$OBJECTS_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$OBJECTS_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq
lab_require_xvrrp

# vrrp_block NAME VRID PRIORITY [EXTRA LINE...]: a VRRPv3 instance on bond1,
# 500 ms adverts; the lab's VIP for VRID 10, one address below it per VRID
# above 10.
vrrp_block() {
    local name=$1 vrid=$2 prio=$3 l
    shift 3
    local vip=$VIP
    [[ $vrid != 10 ]] && vip=${VIP%.*}.$((${VIP##*.} - vrid + 10))
    echo "vrrp_instance $name {"
    echo "    interface bond1"
    echo "    virtual_router_id $vrid"
    echo "    priority $prio"
    echo "    version 3"
    echo "    advert_int 0.5"
    echo "    virtual_ipaddress {"
    echo "        $vip/24"
    echo "    }"
    for l in "$@"; do
        echo "    $l"
    done
    echo "}"
}

# field NAME VRID FIELD: one field of that instance in `xvrrp status --json`.
field() {
    xvrrp_field "$1" "$3" "$2"
}

field_is() {
    [[ $(field "$1" "$2" "$3") == "$4" ]]
}

# now_ms: the wall clock in ms (the controller's log lines carry the same).
now_ms() {
    _lab_now_ms
    echo "$_lab_ms"
}

# reacted NAME T0_MS LIMIT_MS WHAT TEXT: the first line of NAME's log after
# T0_MS containing TEXT came within LIMIT_MS of T0_MS (status is polled
# first, so the line is there); prints the milliseconds.
reacted() {
    local name=$1 t0=$2 limit=$3 what=$4 text=$5 line at
    line=$(grep -F -- "$text" "$LAB_TMP/xv-$name.log" | while read -r l; do
        at=$(date -d "${l:0:23}" +%s%3N)
        ((at >= t0 - 5)) && { echo "$at"; break; }
    done)
    [[ -n $line ]] || fail "$what: no '$text' in the log of $name"
    assert_le $((line - t0)) "$limit" "$what took $((line - t0)) ms"
    echo $((line - t0))
}

# fifo_lines FIFO: the lines waiting in FIFO (none within 0.5 s: the end).
# Opened read-write, so the open never blocks.
fifo_lines() {
    local fd line
    exec {fd}<>"$1"
    while read -r -t 0.5 -u "$fd" line; do
        echo "$line"
    done
    exec {fd}<&-
}
