#!/usr/bin/env bash
# enable_script_security and a path a non-root user could change (issue 12
# item 3): a link to root's safe script but sitting in a world-writable
# directory (whoever writes there can re-point it: a realpath check sees only
# the safe target), and a root script in a directory that nobody owns, are
# both disabled with their FILE:LINE and never run; a script on a safe path
# beside them runs. Priority 150 - 20 - 30 + 5 = 105.
# shellcheck source=security.bash
source "$(dirname "$0")/security.bash"
lab_up
sec=$LAB_TMP/sec
open=$LAB_TMP/open
theirs=$LAB_TMP/theirs
out=$LAB_TMP/out
mkdir -m 755 "$sec" "$theirs"
mkdir -m 777 "$open"
mkdir -m 1777 "$out"
# shellcheck disable=SC2016 # $1 is for the script
printf '#!/bin/sh\necho ran > %s/$1.ran\nexit 0\n' "$out" >"$sec/mark.sh"
# shellcheck disable=SC2016
printf '#!/bin/sh\necho ran > %s/$1.ran\nexit 1\n' "$out" >"$theirs/fail.sh"
chmod 755 "$sec/mark.sh" "$theirs/fail.sh"
ln -s "$sec/mark.sh" "$open/chk"
chown nobody "$theirs"
conf=$LAB_TMP/r1.conf
{
    cat <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script via_open {
    script "$open/chk via_open"
    interval 1
    weight -20
}
vrrp_script in_theirs {
    script "$theirs/fail.sh in_theirs"
    interval 1
    weight -30
}
vrrp_script safe {
    script "$sec/mark.sh safe"
    interval 1
    weight 5
}
CONF
    instance_block "track_script {" "    via_open" "    in_theirs" "    safe" "}"
} >"$conf"
open_line=$(line_of "$conf" "script \"$open/chk")
theirs_line=$(line_of "$conf" "script \"$theirs/fail.sh")

xvrrp_start r1 "$NS_R1" -f "$conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER: $(xvrrp_state r1)"
wait_until 3 test -e "$out/safe.ran" || fail "the script on a safe path did not run"
sleep 1.5
[[ -e $out/via_open.ran ]] && fail "the link in the world-writable $open ran (its target is safe, the link is not)"
[[ -e $out/in_theirs.ran ]] && fail "the script in nobody's $theirs ran"
wait_until 3 _xvrrp_field_is r1 effective_priority 105 ||
    fail "effective priority $(xvrrp_field r1 effective_priority), expected 105 (150 - 20 - 30 + 5)"
expect_log r1 "$conf:$open_line: vrrp_script via_open '$open/chk via_open': refused by enable_script_security: $open is writable by everyone; disabled"
expect_log r1 "$conf:$theirs_line: vrrp_script in_theirs '$theirs/fail.sh in_theirs': refused by enable_script_security: $theirs is owned by uid 65534; disabled"
echo "PASS: a link in a writable directory and a script in nobody's directory are disabled with FILE:LINE; the safe one runs"
