#!/usr/bin/env bash
# The operators' keepalived configurations (/work/shared/seed-configs), as
# written: `xvrrp config check` reports exactly the expected notices and
# warnings (the interfaces do not exist where it runs), sorted by line, and
# exits 0; then the file, with only the lab's interface names, addresses and
# script paths substituted, runs under `xvrrp attach` on r1 and its mirror image (state
# BACKUP, lower priority) on r2, and the election comes out as intended.
#
#   seed_config.sh NAME      NAME: nginx-ha-master | warm-standby-unicast | dual-vip-lb
# The seed directory is $SEED_CONFIG_DIR (CMake passes ../shared/seed-configs).
source "$(dirname "$0")/common.bash"

NAME=${1:?usage: seed_config.sh NAME}
SEED_DIR=${SEED_CONFIG_DIR:-$LAB_REPO/../shared/seed-configs}
SEED="$SEED_DIR/$NAME.conf"
[[ -f $SEED ]] || { echo "FAIL: seed configuration missing: $SEED (set SEED_CONFIG_DIR)" >&2; exit 1; }

# expected_check: `xvrrp config check` output, FILE standing for the path.
expected_check() {
    case $NAME in
    nginx-ha-master)
        cat <<'OUT'
FILE:18: warning: interface 'bond1' does not exist (interface of vrrp_instance VI_1)
FILE:34: notice: virtual_server: not handled by xvrrp (LVS health checking)
FILE: OK, 1 vrrp_instance(s), 1 warning(s)
OUT
        ;;
    warm-standby-unicast)
        cat <<'OUT'
FILE:7: notice: notification_email: not used by xvrrp (no mail support)
FILE:11: notice: notification_email_from: not used by xvrrp (no mail support)
FILE:12: notice: smtp_server: not used by xvrrp (no mail support)
FILE:13: notice: smtp_connect_timeout: not used by xvrrp (no mail support)
FILE:35: warning: interface 'bond0' does not exist (interface of vrrp_instance VI_1)
FILE:37: warning: interface 'bond0' does not exist (track_interface of vrrp_instance VI_1)
FILE:44: warning: auth_pass: '…' (9 characters, truncated to 8, as keepalived does)
FILE:62: warning: interface 'eth2' does not exist (interface of vrrp_instance VI_2)
FILE:64: warning: interface 'eth2' does not exist (track_interface of vrrp_instance VI_2)
FILE:71: warning: auth_pass: '…' (9 characters, truncated to 8, as keepalived does)
FILE: OK, 2 vrrp_instance(s), 6 warning(s)
OUT
        ;;
    dual-vip-lb)
        cat <<'OUT'
FILE:6: warning: interface 'ens33' does not exist (interface of vrrp_instance VI_1)
FILE: OK, 1 vrrp_instance(s), 1 warning(s)
OUT
        ;;
    *) fail "unknown seed configuration '$NAME'" ;;
    esac
}

# write_script PATH BODY: an executable /bin/sh script.
write_script() {
    printf '#!/bin/sh\n%s\n' "$2" >"$1"
    chmod 755 "$1"
}

# expect_vips NS PRESENT|ABSENT ADDR...
expect_vips() {
    local ns=$1 want=$2 a
    shift 2
    for a in "$@"; do
        if [[ $want == PRESENT ]]; then
            wait_until 3 ns_has_addr "$ns" "$a" || fail "VIP $a missing in $ns"
        else
            ns_has_addr "$ns" "$a" && fail "VIP $a installed in $ns (a BACKUP)"
        fi
    done
    return 0
}

lab_up

# (a) config check, in the client's namespace: none of the seed interfaces exist there.
out=$(ip netns exec "$NS_C" "$(xvrrp_bin)" config check "$SEED" 2>&1) ||
    fail "xvrrp config check $SEED exited $?: $out"
want=$(expected_check | sed "s|^FILE|$SEED|")
[[ $out == "$want" ]] || fail "config check output differs:
--- expected
$want
--- got
$out"
info "config check: $(wc -l <<<"$out") expected lines, exit 0"

# (b) under attach: r1 runs the file (lab substitutions only), r2 its mirror image.
r1_conf="$LAB_TMP/r1.conf"
r2_conf="$LAB_TMP/r2.conf"
case $NAME in
dual-vip-lb)
    sed 's/\bens33\b/bond1/' "$SEED" >"$r1_conf"
    sed -e 's/state MASTER/state BACKUP/' -e 's/priority 120/priority 100/' "$r1_conf" >"$r2_conf"
    xvrrp_start r1 "$NS_R1" -f "$r1_conf"
    xvrrp_start r2 "$NS_R2" -f "$r2_conf"
    expect_state r1 105 MASTER 10
    expect_state r2 105 BACKUP 5
    expect_vips "$NS_R1" PRESENT 192.168.200.16 192.168.200.17
    sleep 1.5 # a second advert interval: the election holds
    assert_eq MASTER "$(state_of r1 105)" "r1 after 1.5 s"
    assert_eq BACKUP "$(state_of r2 105)" "r2 after 1.5 s"
    assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip 105)" "r2's master_ip"
    expect_vips "$NS_R2" ABSENT 192.168.200.16 192.168.200.17
    ;;
nginx-ha-master)
    write_script "$LAB_TMP/nginx_check.sh" 'exit 0'
    sed "s|/usr/local/src/nginx_check.sh|$LAB_TMP/nginx_check.sh|" "$SEED" >"$r1_conf"
    sed -e 's/state MASTER/state BACKUP/' -e 's/priority 100/priority 90/' \
        -e 's/router_id nginx-a/router_id nginx-b/' "$r1_conf" >"$r2_conf"
    xvrrp_start r1 "$NS_R1" -f "$r1_conf"
    xvrrp_start r2 "$NS_R2" -f "$r2_conf"
    expect_state r1 52 MASTER 10
    expect_state r2 52 BACKUP 5
    # chk_http_port succeeds: weight 2 on top of 100 and 90.
    wait_until 5 test "$(xvrrp_field r1 effective_priority 52)" = 102 ||
        fail "r1's effective priority $(xvrrp_field r1 effective_priority 52), expected 102"
    wait_until 5 test "$(xvrrp_field r2 effective_priority 52)" = 92 ||
        fail "r2's effective priority $(xvrrp_field r2 effective_priority 52), expected 92"
    expect_vips "$NS_R1" PRESENT 10.30.0.66
    sleep 1.5
    assert_eq MASTER "$(state_of r1 52)" "r1 after 1.5 s"
    assert_eq BACKUP "$(state_of r2 52)" "r2 after 1.5 s"
    assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip 52)" "r2's master_ip"
    expect_vips "$NS_R2" ABSENT 10.30.0.66
    grep -q 'virtual_server: not handled by xvrrp' "$LAB_TMP/xv-r1.log" ||
        fail "attach did not report the virtual_server block"
    ;;
warm-standby-unicast)
    # VI_2 runs on eth2: a second segment. Unicast sources and peers become
    # the lab routers' addresses; scripts become ones in the test dir.
    lab_second_segment eth2
    write_script "$LAB_TMP/monitor_service.sh" 'exit 0'
    for r in r1 r2; do
        write_script "$LAB_TMP/notify-$r.sh" "echo \"\$1\" >>$LAB_TMP/$r.notify"
    done
    sub() { # ROUTER SRC PEER SRC2 PEER2
        sed -e 's/\bbond0\b/bond1/g' \
            -e "s|/etc/keepalived/monitor_service.sh|$LAB_TMP/monitor_service.sh|" \
            -e "s|/etc/keepalived/notify.sh|$LAB_TMP/notify-$1.sh|" \
            -e "s/unicast_src_ip 20.31.250.10/unicast_src_ip $2/" \
            -e "s/^\( *\)20.31.250.11$/\1$3/" \
            -e "s/unicast_src_ip 192.168.10.10/unicast_src_ip $4/" \
            -e "s/^\( *\)192.168.10.11$/\1$5/" "$SEED"
    }
    sub r1 "$R1_IP" "$R2_IP" "$SEG2_R1_IP" "$SEG2_R2_IP" >"$r1_conf"
    sub r2 "$R2_IP" "$R1_IP" "$SEG2_R2_IP" "$SEG2_R1_IP" |
        sed -e 's/priority 100/priority 90/' -e 's/LVS_DEVEL1/LVS_DEVEL2/' >"$r2_conf"
    if ! grep -q "unicast_src_ip $SEG2_R1_IP" "$r1_conf" || ! grep -q "^ *$SEG2_R1_IP$" "$r2_conf"; then
        fail "address substitution failed: $(cat "$r2_conf")"
    fi
    xvrrp_start r1 "$NS_R1" eth2 -f "$r1_conf"
    xvrrp_start r2 "$NS_R2" eth2 -f "$r2_conf"
    # Both nodes start BACKUP with nopreempt; r1 started first with the
    # higher priority, so its master-down timers fire first.
    expect_state r1 133 MASTER 10
    expect_state r1 233 MASTER 5
    expect_state r2 133 BACKUP 5
    expect_state r2 233 BACKUP 5
    expect_vips "$NS_R1" PRESENT 20.31.250.13 20.31.250.14 192.168.10.13 192.168.10.14
    sleep 1.5
    for v in 133 233; do
        assert_eq MASTER "$(state_of r1 $v)" "r1 VRID $v after 1.5 s"
        assert_eq BACKUP "$(state_of r2 $v)" "r2 VRID $v after 1.5 s"
    done
    assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip 133)" "r2's master_ip on bond1"
    assert_eq "$SEG2_R1_IP" "$(xvrrp_field r2 master_ip 233)" "r2's master_ip on eth2"
    expect_vips "$NS_R2" ABSENT 20.31.250.13 20.31.250.14 192.168.10.13 192.168.10.14
    # The sync group's notify_master / notify_backup ran with their argument.
    wait_until 3 grep -qx master "$LAB_TMP/r1.notify" || fail "VG_1 notify_master did not run on r1"
    wait_until 3 grep -qx backup "$LAB_TMP/r2.notify" || fail "VG_1 notify_backup did not run on r2"
    ;;
esac
info "PASS: $NAME: config check as expected; r1 MASTER, r2 BACKUP under attach"
