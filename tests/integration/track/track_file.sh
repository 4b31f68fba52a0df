#!/usr/bin/env bash
# track_file through inotify: r1 (priority 150) adds the number in a file,
# times weight 2, to VI_1's priority; r2 runs VI_1 at 100. init_file writes
# 0 into the missing file; -40 written in place gives 70 and r2 takes over;
# 10 put in place by a rename gives 170 and r1 preempts; -127 (x2 = -254,
# below -253) is FAULT; text that is no number reads as 0. Each change shows
# within one advert interval (500 ms).
# shellcheck source=objects.bash
source "$(dirname "$0")/objects.bash"
lab_up
file=$LAB_TMP/state/prio
mkdir -p "$LAB_TMP/state"
{
    printf 'track_file tf {\n    file %s\n    weight 2\n    init_file\n}\n' "$file"
    vrrp_block VI_1 10 150 "track_file {" "    tf" "}"
} >"$LAB_TMP/r1.conf"
vrrp_block VI_1 10 100 >"$LAB_TMP/r2.conf"

xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
xvrrp_wait_state r1 MASTER 8 || fail "r1 never became MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 8 || fail "r2 never became BACKUP: $(xvrrp_state r2)"
assert_eq 0 "$(cat "$file")" "init_file's value"
assert_eq 150 "$(field r1 10 effective_priority)" "priority with 0 in the file"
info "init_file wrote 0; r1 MASTER at 150"

t0=$(now_ms)
echo -40 >"$file"
wait_until 5 field_is r1 10 effective_priority 70 || fail "not at 70 after writing -40"
ms=$(reacted r1 "$t0" 500 "priority 70" "effective priority 150 -> 70")
wait_until 5 field_is r2 10 state MASTER || fail "r2 did not take over from r1 at 70"
info "-40 written: r1 at 70 after ${ms} ms, r2 MASTER"

echo 10 >"$LAB_TMP/state/.prio.new"
t0=$(now_ms)
mv "$LAB_TMP/state/.prio.new" "$file"
wait_until 5 field_is r1 10 effective_priority 170 || fail "not at 170 after renaming 10 in"
ms=$(reacted r1 "$t0" 500 "priority 170" "effective priority 70 -> 170")
wait_until 5 field_is r1 10 state MASTER || fail "r1 did not preempt back at 170"
info "10 renamed into place: r1 at 170 after ${ms} ms, MASTER"

t0=$(now_ms)
echo -127 >"$file"
wait_until 5 field_is r1 10 state FAULT || fail "no FAULT after -127 x 2"
ms=$(reacted r1 "$t0" 500 "FAULT" "(VI_1): MASTER -> FAULT")
[[ $(field r1 10 fault_reason) == *"track_file tf reads -127"* ]] ||
    fail "fault_reason: $(field r1 10 fault_reason)"
info "-127 (x2 < -253): FAULT after ${ms} ms"

t0=$(now_ms)
echo "not a number" >"$file"
wait_until 5 _lab_not field_is r1 10 state FAULT || fail "still FAULT with no number"
ms=$(reacted r1 "$t0" 500 "out of FAULT" "(VI_1): FAULT -> ")
wait_until 5 field_is r1 10 effective_priority 150 || fail "no number should read as 0"
info "no number reads as 0: out of FAULT after ${ms} ms, priority 150"
echo "PASS: track_file values move the priority, fail below -253, through inotify"
