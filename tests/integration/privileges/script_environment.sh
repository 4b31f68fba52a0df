#!/usr/bin/env bash
# Notify scripts start clean whoever runs them and however the controller
# was started: PATH is /usr/sbin:/usr/bin:/sbin:/bin, no LD_* (the
# controller here runs with LD_PRELOAD and LD_LIBRARY_PATH), no inheritable
# or ambient capabilities, and global_defs umask. A script as another user
# has no capabilities at all; a root script gets the bounding set, as with
# keepalived (docs/operations.md, "Privileges").
source "$(dirname "$0")/../controller/relink.bash"

SCRIPT_PATH="/usr/sbin:/usr/bin:/sbin:/bin"
lab_up
out=$LAB_TMP/out
mkdir -m 1777 "$out"
dump=$LAB_TMP/dump.sh
cat >"$dump" <<'SH'
#!/bin/sh
{
    echo "uid=$(id -u)"
    echo "umask=$(umask)"
    grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status
    env
} >"$1.tmp" && mv "$1.tmp" "$1"
SH
chmod 755 "$dump"
cat >"$LAB_TMP/r1.conf" <<CONF
global_defs {
    umask 027
}
vrrp_instance VI_10 {
    interface bond1
    virtual_router_id 10
    priority 150
    version 3
    advert_int 0.1
    virtual_ipaddress {
        $VIP/24
    }
    notify_master "$dump $out/as-nobody" nobody
    notify "$dump $out/as-root" root
}
CONF
LD_PRELOAD=libm.so.6 LD_LIBRARY_PATH=/nonexistent/xv-lib PATH="/opt/xv-test/bin:$PATH" \
    xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
pid=$(cat "$(_xvrrp_dir r1)/pid")
tr '\0' '\n' <"/proc/$pid/environ" | grep -q '^LD_PRELOAD=libm.so.6$' ||
    fail "the controller itself was not started with LD_PRELOAD"
xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER"
wait_until 5 test -s "$out/as-nobody" || fail "notify_master (as nobody) did not run"
wait_until 5 test -s "$out/as-root" || fail "notify (as root) did not run"

value() {  # FILE KEY: KEY=VALUE or "KEY:\tVALUE" from a dump
    sed -n "s/^$2[=:][[:space:]]*//p" "$1" | head -n 1
}
for who in nobody root; do
    f=$out/as-$who
    info "as $who: $(grep -E '^(uid|umask|Cap|PATH)' "$f" | tr '\n' ' ')"
    assert_eq "$SCRIPT_PATH" "$(value "$f" PATH)" "PATH of a script as $who"
    assert_eq "" "$(grep '^LD_' "$f" || true)" "LD_* variables of a script as $who"
    assert_eq 0027 "$(value "$f" umask)" "umask of a script as $who (global_defs umask 027)"
    assert_eq 0000000000000000 "$(value "$f" CapAmb)" "ambient capabilities of a script as $who"
    assert_eq 0000000000000000 "$(value "$f" CapInh)" "inheritable capabilities of a script as $who"
done
assert_eq 65534 "$(value "$out/as-nobody" uid)" "uid of the script as nobody"
assert_eq 0000000000000000 "$(value "$out/as-nobody" CapEff)" "capabilities of a script as nobody"
assert_eq 0000000000000000 "$(value "$out/as-nobody" CapPrm)" "permitted capabilities of a script as nobody"
assert_eq 0 "$(value "$out/as-root" uid)" "uid of the root script"
assert_eq "$(value "$out/as-root" CapBnd)" "$(value "$out/as-root" CapEff)" \
    "a root script's capabilities (the bounding set, as keepalived's)"
echo "PASS: scripts get PATH=$SCRIPT_PATH, no LD_*, no ambient capabilities, umask 0027"
