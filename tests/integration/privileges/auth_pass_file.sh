#!/usr/bin/env bash
# --auth-pass-file: the quick-start VRRPv2 password comes from a file, so it
# is neither in the process list nor in any log line. A 14-character
# password in a file readable by everyone: xvrrp warns about the mode, says
# it truncated 14 characters to 8 without showing them, and keepalived
# configured with the same first 8 characters accepts its adverts (stays
# BACKUP under xvrrp's MASTER).
source "$(dirname "$0")/../interop/common.bash"
source "$(dirname "$0")/../peers/keepalived.bash"
lab_require_cmd keepalived
lab_up

pass_file=$LAB_TMP/vrrp.pass
printf 's3cretPassw0rd\nignored second line\n' >"$pass_file"
chmod 644 "$pass_file"
xvrrp_start x1 "$NS_R1" --vrid 10 --vip "$VIP/24" --advert-int 1s --version 2 \
    --auth-pass-file "$pass_file" --priority 200
keepalived_config k2 --priority 100 --advert-int 1 --version 2 --auth-pass s3cretPa >/dev/null
keepalived_start k2 "$NS_R2"
xvrrp_wait_state x1 MASTER 6 || fail "xvrrp r1 not MASTER: $(state_of x1)"
keepalived_wait_state k2 BACKUP 3 || fail "keepalived r2 not BACKUP: $(keepalived_state k2)"
sleep 4 # past keepalived's Master_Down_Interval (3.6 s): it would be MASTER by now
grep -q MASTER "$LAB_TMP/ka-k2-notify.log" &&
    fail "keepalived r2 went MASTER: it refused xvrrp's password"
info "xvrrp r1 MASTER with the password from the file; keepalived r2 BACKUP"

log=$LAB_TMP/xv-x1.log
pid=$(cat "$(_xvrrp_dir x1)/pid")
grep -q -- "--auth-pass-file $pass_file: readable by every user (mode 0644)" "$log" ||
    fail "no warning about the file's mode"
grep -q "auth_pass: '…' (14 characters, truncated to 8" "$log" ||
    fail "no redacted truncation warning"
grep -n -i -E "s3cret|Passw0rd" "$log" && fail "the password is in xvrrp's log"
tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q s3cret && fail "the password is in the process list"
xvrrp_status x1 | grep -q s3cret && fail "the password is in status --json"
echo "PASS: password from --auth-pass-file on the wire (keepalived agrees), in no log line, not in ps"
