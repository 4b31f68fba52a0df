#!/usr/bin/env bash
# A cap on control-socket clients (issue 12 item 4): 1,000 idle clients
# (connected, never sending, reconnecting whenever closed) against a MASTER
# whose track scripts run every second, under systemd's default soft fd
# limit (LimitNOFILE=1024). Throughout: no script fails (no "could not
# start", no "now down", no FAULT), `xvrrp status` answers every time, the
# controller's open fds stay under the cap (64) plus its own, and the
# clients it closed unanswered are counted (control_clients_refused).
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$DIR/../peers/xvrrp.bash"
lab_require_root
lab_require_cmd jq python3
lab_require_xvrrp
CLIENTS="$DIR/../../tools/idle_clients.py"
SECONDS_HELD=10
CAP=64

lab_up
VRID=10
conf="$LAB_TMP/r1.conf"
{
    # vrrp_script intervals are whole seconds: five scripts make a spawn
    # every 200 ms on average, each needing fds (pidfd, /dev/null).
    for i in 1 2 3 4 5; do
        printf 'vrrp_script chk%d {\n    script "/bin/true"\n    interval 1\n    fall 1\n    rise 1\n}\n' "$i"
    done
    cat <<CONF
vrrp_instance VI_1 {
    interface bond1
    virtual_router_id $VRID
    priority 200
    version 3
    advert_int 0.1
    virtual_ipaddress {
        $VIP/24
    }
    track_script {
        chk1
        chk2
        chk3
        chk4
        chk5
    }
}
CONF
} >"$conf"

ulimit -Sn 1024  # the controller inherits systemd's default soft limit
xvrrp_start r1 "$NS_R1" -f "$conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
pid=$(cat "$(_xvrrp_dir r1)/pid")
sleep 1.5  # every script has run once
fds_before=$(ls "/proc/$pid/fd" | wc -l)
transitions=$(xvrrp_field r1 transitions)

start_bg idle-clients - python3 "$CLIENTS" --path "$(_xvrrp_dir r1)/run/xvrrp.sock" \
    --count 1000 --seconds "$SECONDS_HELD"
clients_pid=$LAB_LAST_PID
sleep 1
max_fds=0 asked=0 answered=0 states=""
t_end=$(($(date +%s) + SECONDS_HELD - 2))
while (($(date +%s) < t_end)); do
    n=$(ls "/proc/$pid/fd" | wc -l)
    ((n > max_fds)) && max_fds=$n
    asked=$((asked + 1))
    if out=$(timeout 6 "$(xvrrp_bin)" status --json --run-dir "$(_xvrrp_dir r1)/run" 2>>"$LAB_TMP/status.err"); then
        answered=$((answered + 1))
        states+="$(jq -r '.instances[0].state' <<<"$out") "
    fi
    sleep 0.3
done
wait_pid_gone "$clients_pid" 10 || fail "idle_clients.py did not finish"
held=$(grep '^{' "$LAB_TMP/idle-clients.log" | tail -n 1)
info "clients: $held"
info "r1 fds: $fds_before before, at most $max_fds with the clients; status answered $answered of $asked; states seen: $(tr ' ' '\n' <<<"$states" | sort | uniq -c | tr -s ' \n' ' ')"

# The controller closes idle clients beyond its cap as fast as they come,
# so the client seldom holds all 1000 at one instant (today's code let it:
# max_open 1000); the offered load is its reconnecting, which must have
# gone on throughout.
[[ $(jq -r .connects <<<"$held") -ge $((10 * 1000)) ]] ||
    fail "the client did not keep reconnecting: $held"
failed=$(grep -cE 'vrrp_script chk[0-9]: now down|could not start' "$LAB_TMP/xv-r1.log" || true)
assert_eq 0 "$failed" "track script failures in r1's log"
assert_eq "$asked" "$answered" "status requests answered ($(head -c 300 "$LAB_TMP/status.err"))"
assert_eq MASTER "$(xvrrp_state r1)" "r1's state"
assert_eq "$transitions" "$(xvrrp_field r1 transitions)" "r1's transitions (no FAULT)"
[[ $states != *FAULT* && $states != *BACKUP* ]] || fail "r1 left MASTER during the flood: $states"
# + a few: the scripts running at that moment (a pidfd each).
assert_le "$max_fds" $((fds_before + CAP + 8)) "r1's open fds with 1000 idle clients"
refused=$(xvrrp_status r1 | jq -r .control_clients_refused)
assert_ge "$refused" 900 "control_clients_refused"
echo "PASS: 1000 idle control clients: fds $fds_before -> max $max_fds (cap $CAP), status $answered/$asked, no script failure, $refused clients refused"
