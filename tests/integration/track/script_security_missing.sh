#!/usr/bin/env bash
# enable_script_security and a script missing at load (issue 12 item 3): the
# vrrp_script and the notify_master, both named in a sticky directory anyone
# may create files in, are disabled with the FILE:LINE of their configuration
# line. An unprivileged user then creates both files: neither ever runs, as
# root or at all (the marker files stay absent), the script still counts as
# failed (priority 150 - 10), and a reload refuses them again, now because
# nobody owns them.
# shellcheck source=security.bash
source "$(dirname "$0")/security.bash"
lab_up
drop=$LAB_TMP/drop # root's and sticky, like /tmp
out=$LAB_TMP/out
mkdir -m 1777 "$drop" "$out"
conf=$LAB_TMP/r1.conf
{
    cat <<CONF
global_defs {
    enable_script_security
    script_user root
    vrrp_startup_delay 3
}
vrrp_script chk {
    script "$drop/chk.sh"
    interval 1
    weight -10
}
CONF
    instance_block "track_script {" "    chk" "}" "notify_master \"$drop/master.sh\""
} >"$conf"
chk_line=$(line_of "$conf" "script \"$drop/chk.sh\"")
master_line=$(line_of "$conf" "notify_master")

xvrrp_start r1 "$NS_R1" -f "$conf"
# Within the startup delay, before the first MASTER notification is due.
for f in chk master; do
    as_nobody sh -c "printf '#!/bin/sh\nid -u > $out/$f.ran\nexit 0\n' > $drop/$f.sh && chmod 755 $drop/$f.sh"
done
info "nobody created $drop/chk.sh and $drop/master.sh after the load"
xvrrp_wait_state r1 MASTER 8 || fail "r1 never became MASTER: $(xvrrp_state r1)"
sleep 2.5 # two more script intervals
for f in chk master; do
    [[ -e $out/$f.ran ]] && fail "$drop/$f.sh, created after the load, ran as uid $(cat "$out/$f.ran")"
done
assert_eq 140 "$(xvrrp_field r1 effective_priority)" "effective priority (the disabled script counts as failed)"
expect_log r1 "$conf:$chk_line: vrrp_script chk '$drop/chk.sh': refused by enable_script_security: $drop/chk.sh is not an executable file (nor found in PATH); disabled"
expect_log r1 "$conf:$master_line: vrrp_instance VI_1 notify_master '$drop/master.sh': refused by enable_script_security: $drop/master.sh is not an executable file (nor found in PATH); disabled"
info "both disabled at load with FILE:LINE; neither ran once created"

kill -HUP "$(cat "$(_xvrrp_dir r1)/pid")"
expect_log r1 "$conf:$chk_line: vrrp_script chk '$drop/chk.sh': refused by enable_script_security: $drop/chk.sh is owned by uid 65534"
expect_log r1 "$conf:$master_line: vrrp_instance VI_1 notify_master '$drop/master.sh': refused by enable_script_security: $drop/master.sh is owned by uid 65534"
sleep 2
[[ -e $out/chk.ran ]] && fail "$drop/chk.sh ran after the reload"
assert_eq 140 "$(xvrrp_field r1 effective_priority)" "effective priority after the reload"
echo "PASS: a missing script is disabled with FILE:LINE and never runs once someone creates it; refused again at reload"
