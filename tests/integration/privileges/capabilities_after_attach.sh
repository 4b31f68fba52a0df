#!/usr/bin/env bash
# After attach the controller's permitted and effective capability sets are
# exactly the documented minimum (docs/operations.md, "Privileges"), nothing
# is inheritable or ambient, and with only those it still does everything
# the loop asks of it: re-attaches XDP/TC on a re-created interface, takes
# a reload that adds an instance (VIP added, adverts sent) and a notify FIFO
# owned by another user, runs a script as
# another user and kills it at its timeout, and detaches at SIGTERM.
source "$(dirname "$0")/../controller/relink.bash"
lab_require_cmd capsh tcpdump

# The documented minimum, as capsh --decode names them (sorted).
EXPECTED="cap_bpf,cap_chown,cap_kill,cap_net_admin,cap_net_raw,cap_perfmon,cap_setgid,cap_setuid,cap_sys_admin"

lab_up
instance() {  # NAME VRID
    cat <<CONF
vrrp_instance $1 {
    interface bond1
    virtual_router_id $2
    priority 150
    version 3
    advert_int 0.1
    virtual_ipaddress {
        192.0.2.$2/24
    }
    track_script {
        chk_slow weight -10
    }
}
CONF
}
script() {
    cat <<CONF
vrrp_script chk_slow {
    script "/bin/sleep 37.25"
    interval 1
    timeout 1
    user nobody
}
CONF
}
conf=$LAB_TMP/r1.conf
{ script; instance VI_10 10; } >"$conf"
xvrrp_start r1 "$NS_R1" -f "$conf"
pid=$(cat "$(_xvrrp_dir r1)/pid")
xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER"

decoded() {  # FIELD: CapEff, CapPrm, ... of the controller, as capability names
    local hex
    hex=$(awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status")
    capsh --decode="$hex" | sed 's/^0x[0-9a-f]*=\?//' | tr ',' '\n' | grep . | sort | paste -sd, -
}
info "CapEff: $(decoded CapEff)"
assert_eq "$EXPECTED" "$(decoded CapEff)" "effective capabilities after attach"
assert_eq "$EXPECTED" "$(decoded CapPrm)" "permitted capabilities after attach"
assert_eq "" "$(decoded CapInh)" "inheritable capabilities"
assert_eq "" "$(decoded CapAmb)" "ambient capabilities"

# A script as nobody that outlives its timeout: the controller kills it
# (a kill refused leaves it running, never reaped, so no second run).
kills() { grep -c "chk_slow: timed out, killed" "$LAB_TMP/xv-r1.log" || true; }
two_kills() { (($(kills) >= 2)); }
wait_until 6 two_kills || fail "the timed-out script was not killed ($(kills) kill(s) logged)"
info "vrrp_script as nobody: started, timed out, killed"

# Re-created interface: XDP and TC programs go back on, MASTER again.
lab_unplug r1
wait_until 5 vrid_state_is r1 10 FAULT || fail "r1 not in FAULT without bond1"
lab_plug r1
wait_until 10 programs_on "$NS_R1" || fail "XDP/TC not re-attached on the re-created bond1"
xvrrp_wait_state r1 MASTER 10 || fail "r1 not MASTER after the interface came back"
info "bond1 re-created: programs re-attached, MASTER"

# Reload adding an instance and a notify FIFO for nobody: the instance
# becomes MASTER, its VIP is added, the FIFO is created and given to nobody.
fifo=$LAB_TMP/notify.fifo
{
    printf 'global_defs {\n    notify_fifo %s nobody\n}\n' "$fifo"
    script
    instance VI_10 10
    instance VI_11 11
} >"$conf"
kill -HUP "$pid"
wait_until 10 vrid_state_is r1 11 MASTER || fail "the added instance did not become MASTER"
wait_until 5 ns_has_addr "$NS_R1" 192.0.2.11 || fail "the added instance's VIP is missing"
# VRRP header byte 1 is the VRID (IPv4 header without options: 20 bytes).
adverts=$(timeout 3 ip netns exec "$NS_R2" tcpdump -c 3 -nn -i bond1 'ip proto 112 and ip[21] == 11' 2>/dev/null | wc -l) || true
assert_eq 3 "$adverts" "adverts for VRID 11 seen from r2's interface"
assert_eq nobody "$(stat -c %U "$fifo" 2>/dev/null)" "owner of the notify FIFO added by the reload"
info "reload: VRID 11 MASTER, VIP added, adverts on the wire, FIFO for nobody"

assert_eq "$EXPECTED" "$(decoded CapEff)" "effective capabilities after relink and reload"
grep -q "dropping capabilities" "$LAB_TMP/xv-r1.log" && fail "the drop reported an error"
grep -E -q "Operation not permitted|EPERM" "$LAB_TMP/xv-r1.log" &&
    fail "a permission error in the log: $(grep -E "Operation not permitted|EPERM" "$LAB_TMP/xv-r1.log" | head -n 3)"
# The graceful stop takes both programs off with what is left (libxdp finds
# the attached program by id, which needs CAP_SYS_ADMIN).
xvrrp_stop r1
programs_on "$NS_R1" && fail "XDP or TC program left on bond1 after SIGTERM"
grep -q "TC egress program [0-9]* detached" "$LAB_TMP/xv-r1.log" || fail "TC program not detached"
grep -q "XDP program [0-9]* detached" "$LAB_TMP/xv-r1.log" || fail "XDP program not detached"
echo "PASS: capabilities after attach are $EXPECTED; relink, reload, scripts as nobody and kills work with them"
