#!/usr/bin/env bash
# A real Prometheus server (Debian's) in the client namespace scrapes a
# running xvrrp pair every 100 ms: r1 serves /metrics from `--metrics`, r2
# from global_defs xvrrp_metrics_address. The test injects adverts for VRIDs
# the routers do not run (D6) and stops the MASTER (failover), then reads
# back through Prometheus's HTTP query API what it caused: r2's D6 discards
# equal to the adverts sent, r2 in MASTER (one series per state), r2's
# transitions by reason (startup 1, master_down 1) and master changes, its
# two vrrp_scripts (one up, one down) and its priority 110 lowered to 100.
# `promtool check metrics` on a scrape reports nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.bash"
source "$(dirname "$0")/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq curl prometheus promtool
lab_require_xvrrp
SENDER=${XVRRP_ADVERT_SENDER:-$XVRRP_BUILD_DIR/bench/scale/xvrrp-advert-sender}
[[ -x $SENDER ]] || lab_skip "xvrrp-advert-sender not built: $SENDER"
LAB_TIMEOUT=80
lab_up

PORT=9650
PROM=127.0.0.1:9090
VRID=10

# ---- the pair: r1 by flag, r2 by keyword
cat >"$LAB_TMP/r2.conf" <<CONF
global_defs {
    xvrrp_metrics_address $R2_IP:$PORT
}
vrrp_script chk_up {
    script "/bin/true"
    interval 1
    weight 0
}
vrrp_script chk_down {
    script "/bin/false"
    interval 1
    weight -10
}
vrrp_instance VI_10 {
    interface bond1
    state BACKUP
    virtual_router_id $VRID
    priority 110
    advert_int 0.1
    version 3
    virtual_ipaddress {
        $VIP/24
    }
    track_script {
        chk_up
        chk_down
    }
}
CONF
xvrrp_start r1 "$NS_R1" --vrid $VRID --vip "$VIP/24" --advert-int 100ms --priority 200 \
    --metrics "$R1_IP:$PORT"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"

# A second controller asking for a port already taken fails at once, exit 2,
# naming the address.
rc=0
ip netns exec "$NS_R1" "$(xvrrp_bin)" attach bond1 --vrid 11 --vip 198.51.100.1 \
    --pin-root "$LAB_TMP/none" --run-dir "$LAB_TMP/run-busy" --metrics "$R1_IP:$PORT" \
    >"$LAB_TMP/busy.out" 2>&1 || rc=$?
assert_eq 2 "$rc" "exit code of attach on a metrics port in use"
grep -q "cannot serve metrics on $R1_IP:$PORT: Address already in use" "$LAB_TMP/busy.out" ||
    fail "port-in-use error does not name the address and the cause: $(cat "$LAB_TMP/busy.out")"
# Not ADDR:PORT: a bad argument, exit 1, naming the value.
rc=0
"$(xvrrp_bin)" attach bond1 --metrics "$R1_IP" >"$LAB_TMP/bad.out" 2>&1 || rc=$?
assert_eq 1 "$rc" "exit code of attach --metrics without a port"
grep -qF "'$R1_IP': expected ADDR:PORT" "$LAB_TMP/bad.out" ||
    fail "bad --metrics value not named: $(cat "$LAB_TMP/bad.out")"

# ---- Prometheus, 100 ms scrapes, storage in the test's temp dir
cat >"$LAB_TMP/prometheus.yml" <<YML
global:
  scrape_interval: 100ms
  scrape_timeout: 90ms
scrape_configs:
  - job_name: xvrrp
    static_configs:
      - targets: ['$R1_IP:$PORT']
        labels: {node: r1}
      - targets: ['$R2_IP:$PORT']
        labels: {node: r2}
YML
start_bg prometheus "$NS_C" prometheus --config.file="$LAB_TMP/prometheus.yml" \
    --storage.tsdb.path="$LAB_TMP/prom-data" --web.listen-address="$PROM" \
    --storage.tsdb.retention.time=1h
wait_until 15 ns_run "$NS_C" curl -sf "http://$PROM/-/ready" || fail "Prometheus not ready"

# prom QUERY: the value of the query's single result ("" if none).
prom() {
    ns_run "$NS_C" curl -sf "http://$PROM/api/v1/query" --data-urlencode "query=$1" |
        jq -r '.data.result | if length == 1 then .[0].value[1] else "" end'
}
prom_is() { [[ $(prom "$1") == "$2" ]]; }
# expect QUERY VALUE WHAT: Prometheus reports VALUE within 5 s.
expect() {
    wait_until 5 prom_is "$1" "$2" || fail "$3: Prometheus says '$(prom "$1")' for $1, expected $2"
}

# Prometheus's first scrape of a target can take seconds on a loaded
# machine: wait for both targets to be up before timing anything.
wait_until 30 prom_is 'sum(up{job="xvrrp"})' 2 ||
    fail "Prometheus never scraped both routers: up = '$(prom 'sum(up{job="xvrrp"})')'"
expect 'xvrrp_instance_state{node="r1",state="master"}' 1 "r1 MASTER"
expect 'xvrrp_instance_state{node="r2",state="backup"}' 1 "r2 BACKUP"
# r1's adverts that arrive while r2 waits for its scripts' first results
# (its router not yet in the kernel's map) already count as D6: the baseline.
d6_before=$(xvrrp_counter r2 discard_d6_vrid)
expect 'xvrrp_advert_discards_total{node="r2",rule="D6"}' "$d6_before" "r2's D6 discards before injecting"
expect 'count(xvrrp_build_info{node="r2"})' 1 "r2's build info"
expect 'xvrrp_script_status{node="r2",script="chk_up",status="up"}' 1 "r2's chk_up"
expect 'xvrrp_script_status{node="r2",script="chk_down",status="down"}' 1 "r2's chk_down"
expect 'xvrrp_instance_priority{node="r2",kind="configured"}' 110 "r2's configured priority"
expect 'xvrrp_instance_priority{node="r2",kind="effective"}' 100 "r2's effective priority (chk_down -10)"
info "Prometheus scrapes both routers"

# promtool: the exposition passes Prometheus's own lint.
ns_run "$NS_C" curl -sf "http://$R2_IP:$PORT/metrics" >"$LAB_TMP/scrape.txt" || fail "scrape r2"
lint=$(promtool check metrics <"$LAB_TMP/scrape.txt" 2>&1) || fail "promtool check metrics: $lint"
[[ -z $lint ]] || fail "promtool check metrics reported: $lint"

# ---- D6: adverts for VRIDs 1 and 2 (the pair runs 10) from the client
ns_run "$NS_C" "$SENDER" --iface eth0 --src "$C_IP" --vrids 2 --interval-ms 50 \
    --duration-ms 500 >"$LAB_TMP/sender.json" 2>"$LAB_TMP/sender.err" || fail "advert sender failed"
sent=$(jq -r .sent "$LAB_TMP/sender.json")
assert_ge "$sent" 10 "adverts the sender put on the wire"
want=$((d6_before + sent))
wait_until 3 prom_is 'xvrrp_advert_discards_total{node="r2",rule="D6"}' "$want" || true
kernel=$(xvrrp_counter r2 discard_d6_vrid)
assert_eq "$want" "$kernel" "r2's kernel D6 counter: $d6_before before + the adverts sent"
expect 'xvrrp_advert_discards_total{node="r2",rule="D6"}' "$want" "r2's D6 discards"
expect 'xvrrp_advert_discards_total{node="r2",rule="D1"}' 0 "r2's D1 discards"
info "D6: $sent wrong-VRID adverts sent, Prometheus reads $d6_before + $sent"

# ---- failover: r1 stops (priority 0), r2 takes over
xvrrp_stop r1
xvrrp_wait_state r2 MASTER 5 || fail "r2 did not take over: $(xvrrp_state r2)"
expect 'xvrrp_instance_state{node="r2",state="master"}' 1 "r2 MASTER after the failover"
expect 'xvrrp_instance_state{node="r2",state="backup"}' 0 "r2 no longer BACKUP"
expect 'xvrrp_transitions_total{node="r2",reason="startup"}' 1 "r2's startup transitions"
expect 'xvrrp_transitions_total{node="r2",reason="master_down"}' 1 "r2's master-down transitions"
expect 'sum(xvrrp_transitions_total{node="r2"})' "$(xvrrp_field r2 transitions "$VRID")" \
    "r2's transitions against xvrrp status"
expect 'xvrrp_master_changes_total{node="r2"}' 1 "r2's entries into MASTER"
lease=$(prom 'xvrrp_lease_remaining_seconds{node="r2"}')
awk -v l="$lease" 'BEGIN { exit !(l > 0 && l <= 0.4) }' ||
    fail "r2's lease in Prometheus: '$lease' s (a MASTER at 100 ms holds 0-0.4 s: 4 intervals)"
# r1 is gone: Prometheus marks its target down.
expect 'up{node="r1"}' 0 "r1's target after it stopped"
info "failover: Prometheus shows r2 MASTER (startup 1, master_down 1, master changes 1)"
echo "PASS: Prometheus reads state, transitions and D6 discards ($sent) back; promtool clean"
