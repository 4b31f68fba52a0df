#!/usr/bin/env bash
# enable_script_security and a symbolic link swapped after the load (issue
# 12 item 3): the vrrp_script and the generic notify script are links to
# root's #! scripts, checked and held open at load; they run (through the
# descriptor, the shebang included). Then both links are pointed at another
# script: every later run is refused with the reason and the configuration
# line, counted as a failure (weight 0: FAULT), and the swapped-in script,
# which would leave a marker, never runs.
# shellcheck source=security.bash
source "$(dirname "$0")/security.bash"
lab_up
sec=$LAB_TMP/sec
out=$LAB_TMP/out
mkdir -m 755 "$sec"
mkdir -m 1777 "$out"
printf '#!/bin/sh\necho ok >> %s/chk.log\nexit 0\n' "$out" >"$sec/good-chk.sh"
printf '#!/bin/sh\necho "$@" >> %s/notify.log\n' "$out" >"$sec/good-notify.sh"
printf '#!/bin/sh\nid -u > %s/evil.ran\nexit 0\n' "$out" >"$sec/evil.sh"
chmod 755 "$sec"/*.sh
ln -s good-chk.sh "$sec/chk"
ln -s good-notify.sh "$sec/notify"
conf=$LAB_TMP/r1.conf
{
    cat <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script chk {
    script "$sec/chk"
    interval 1
    weight 0
}
CONF
    instance_block "track_script {" "    chk" "}" "notify \"$sec/notify\""
} >"$conf"
chk_line=$(line_of "$conf" "script \"$sec/chk\"")
notify_line=$(line_of "$conf" "notify \"$sec/notify\"")

xvrrp_start r1 "$NS_R1" -f "$conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER: $(xvrrp_state r1)"
wait_until 3 grep -q "INSTANCE VI_1 MASTER 150" "$out/notify.log" || fail "the notify script (a link to a #! script) did not run"
[[ -s $out/chk.log ]] || fail "the vrrp_script (a link to a #! script) did not run"
log_has r1 "refused" && fail "something was refused before the swap"
info "the checked scripts ran: $(wc -l <"$out/chk.log") check(s), notify: $(cat "$out/notify.log")"

ln -sfn evil.sh "$sec/chk"
ln -sfn evil.sh "$sec/notify"
info "both links now point at evil.sh"
sleep 2.5 # two script intervals
[[ -e $out/evil.ran ]] && fail "the swapped-in script ran, as uid $(cat "$out/evil.ran")"
xvrrp_wait_state r1 FAULT 3 || fail "r1 not FAULT with its refused weight-0 script: $(xvrrp_state r1)"
why="now leads to another file ($sec/evil.sh) than the one checked at load"
expect_log r1 "$conf:$chk_line: vrrp_script chk '$sec/chk': not run: $sec/chk $why"
# The FAULT transition is notified: that run is refused too.
expect_log r1 "$conf:$notify_line: vrrp_instance VI_1 notify '$sec/notify': not run: $sec/notify $why"
grep -q FAULT "$out/notify.log" && fail "a notify script ran for FAULT after the swap"
[[ -e $out/evil.ran ]] && fail "the swapped-in script ran, as uid $(cat "$out/evil.ran")"
echo "PASS: links swapped after the load: every run refused with FILE:LINE, the swapped-in script never ran"
