# relink.bash: what the "interfaces that come and go" tests share (issue 12
# item 1, docs/operations.md): the lab library, the xvrrp peer, and checks of
# what runs on a router's interface.
set -euo pipefail
RELINK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$RELINK_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$RELINK_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq arping tc
lab_require_xvrrp

# programs_on NS [IFNAME]: our XDP program and our egress filter both run on
# IFNAME (bond1) in NS.
programs_on() {
    local ns=$1 ifname=${2:-bond1}
    local link filters
    link=$(ip -n "$ns" -d link show dev "$ifname" 2>/dev/null) || return 1
    filters=$(ip netns exec "$ns" tc filter show dev "$ifname" egress 2>/dev/null) || return 1
    grep -q "prog/xdp" <<<"$link" && grep -q xvrrp_egress <<<"$filters"
}

# fd_count PID: the fewest open fds of PID over a few readings (a status
# client connected at that moment holds one more).
fd_count() {
    local n min=999999 i
    for i in 1 2 3 4 5; do
        n=$(ls "/proc/$1/fd" | wc -l)
        ((n < min)) && min=$n
        sleep 0.03
    done
    echo "$min"
}

# log_ms LOG TEXT [AFTER_MS]: the time (ms since the epoch) of the first line
# of a controller log containing TEXT, at or after AFTER_MS.
log_ms() {
    local t
    while IFS= read -r line; do
        t=$(date -d "${line:0:23}" +%s%3N 2>/dev/null) || continue
        ((t >= ${3:-0})) && { echo "$t"; return 0; }
    done < <(grep -F -- "$2" "$1")
    fail "no '$2' in $1${3:+ after $3}"
}

# vrid_state_is NAME VRID STATE
vrid_state_is() {
    [[ $(xvrrp_state "$1" "$2") == "$3" ]]
}

# state_sampler_start: every few tens of ms "<ms> <r1 state> <r2 state>" in
# $LAB_TMP/states.log (first instance of each; NONE when it does not answer).
# Both asked at once, without jq or ip netns exec (the control socket is a
# path), to keep the samples close together.
state_sampler_start() {
    local xv d1 d2
    xv=$(xvrrp_bin)
    d1=$(_xvrrp_dir r1)
    d2=$(_xvrrp_dir r2)
    start_bg states - bash -c "
        one() {
            '$xv' status --json --run-dir \"\$1/run\" 2>/dev/null |
                sed -n 's/.*\"state\": *\"\\([A-Z]*\\)\".*/\\1/p' | head -n 1 | grep . || echo NONE
        }
        while :; do
            t=\$(date +%s%3N)
            one '$d1' >'$LAB_TMP/s1' & one '$d2' >'$LAB_TMP/s2'; wait
            echo \"\$t \$(cat '$LAB_TMP/s1') \$(cat '$LAB_TMP/s2')\"
            sleep 0.01
        done"
}

# max_double_master_ms: the longest time both routers were MASTER, counted
# from the first sample that saw it to the first that did not (an upper
# bound: one sample period is added).
max_double_master_ms() {
    awk '$2 == "MASTER" && $3 == "MASTER" { if (!start) start = $1; next }
         { if (start) { d = $1 - start; if (d > max) max = d; start = 0 } }
         END { print max + 0 }' "$LAB_TMP/states.log"
}
