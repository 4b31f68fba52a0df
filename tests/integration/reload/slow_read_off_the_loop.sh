#!/usr/bin/env bash
# Reading the file happens off the event loop (issue 12 item 2): r1's file
# includes a named pipe, so a reload blocks reading it until the test writes
# to it. Meanwhile r1 must go on as if nothing happened: `status` answers,
# its adverts keep r2 BACKUP. Two more SIGHUPs during that read make one more
# read, not two (coalesced), and only the newest file is applied.
# shellcheck source=reload.bash
source "$(dirname "$0")/reload.bash"
export LAB_TIMEOUT=60
lab_up
conf="$LAB_TMP/r1.conf"
part="$LAB_TMP/vi10.conf"
echo "include $part" >"$conf"
vi10 200 0.1 >"$part"
xvrrp_start r1 "$NS_R1" -f "$conf"
xvrrp_start r2 "$NS_R2" --vrid 10 --version 3 --advert-int 100ms --vip "$VIP/24" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
t2=$(xvrrp_field r2 transitions)
log="$LAB_TMP/xv-r1.log"

rm "$part"
mkfifo "$part"
pid=$(cat "$(_xvrrp_dir r1)/pid")
kill -HUP "$pid"
wait_until 2 grep -q "SIGHUP: reloading" "$log" || fail "r1 did not start reloading"
# Twice the master-down interval of r2 (~360 ms) with the read blocked.
for _ in 1 2 3 4 5 6 7 8; do
    sleep 0.1
    xvrrp_status r1 >/dev/null || fail "r1's status does not answer while the file is being read"
done
kill -HUP "$pid"
kill -HUP "$pid"
sleep 0.2
assert_eq BACKUP "$(xvrrp_state r2)" "r2 while r1 reads its file"
assert_eq "$t2" "$(xvrrp_field r2 transitions)" "r2's transitions while r1 reads its file"
assert_eq 200 "$(xvrrp_field r1 priority)" "r1's priority before the read ends"
grep -q "SIGHUP while .* is being read" "$log" || fail "the SIGHUPs during the read were not noted"

# The first read gets an older file; it is read again (once) for the newest.
timeout 5 bash -c "$(declare -f vi10); VIP=$VIP vi10 190 0.1 >'$part'" || fail "nobody read the pipe"
wait_until 3 grep -q "reading it again" "$log" || fail "r1 did not read the file again"
timeout 5 bash -c "$(declare -f vi10); VIP=$VIP vi10 180 0.1 >'$part'" || fail "nobody read the pipe a second time"
wait_until 3 grep -q "reloaded " "$log" || fail "r1 did not apply the reload"
assert_eq 180 "$(xvrrp_field r1 priority)" "r1's priority after the reload"
assert_eq 1 "$(grep -c 'reloaded ' "$log")" "reloads applied"
assert_eq 1 "$(grep -c 'reading it again' "$log")" "reads again"
assert_eq "$t2" "$(xvrrp_field r2 transitions)" "r2's transitions"
# No read is left waiting on the pipe.
sleep 0.3
! timeout 0.5 bash -c "echo > '$part'" || fail "a third read is waiting on the pipe"
echo "PASS: a reload blocked reading its file for over 1 s left r1 answering and r2 BACKUP; 3 SIGHUPs made 2 reads and 1 reload of the newest file"
