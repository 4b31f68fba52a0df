#!/usr/bin/env bash
# vrrp_track_process through the kernel's process events (no /proc polling):
# r1 (priority 150) tracks a process two ways, VI_1 with weight -100 and
# VI_2 with weight 0; r2 (100) runs both instances untracked. Killing the
# process drops VI_1 to 50 and puts VI_2 in FAULT within one advert interval
# (500 ms), and r2 takes both over; starting it again brings 150 back, VI_2
# out of FAULT, and r1 preempts.
# shellcheck source=objects.bash
source "$(dirname "$0")/objects.bash"
lab_up
comm=xvtp$$
cp "$(command -v sleep)" "$LAB_TMP/$comm"
conf() {  # PRIORITY TRACKED(yes|no)
    if [[ $2 == yes ]]; then
        printf 'vrrp_track_process tp {\n    process %s\n    weight -100\n}\n' "$comm"
        vrrp_block VI_1 10 "$1" "track_process {" "    tp" "}"
        vrrp_block VI_2 11 "$1" "track_process {" "    tp weight 0" "}"
    else
        vrrp_block VI_1 10 "$1"
        vrrp_block VI_2 11 "$1"
    fi
}
conf 150 yes >"$LAB_TMP/r1.conf"
conf 100 no >"$LAB_TMP/r2.conf"

start_bg tracked - "$LAB_TMP/$comm" 600
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
xvrrp_wait_state r1 MASTER 8 || fail "r1 never became MASTER: $(xvrrp_state r1)"
wait_until 8 field_is r1 11 state MASTER || fail "r1 VI_2 not MASTER"
wait_until 8 field_is r2 11 state BACKUP || fail "r2 VI_2 not BACKUP"
assert_eq 150 "$(field r1 10 effective_priority)" "VI_1 with the process running"
info "process running: r1 MASTER of both at 150"

t0=$(now_ms)
kill "$(pgrep -x "$comm")"
wait_until 5 field_is r1 10 effective_priority 50 || fail "VI_1 not at 50 after the exit"
wait_until 5 field_is r1 11 state FAULT || fail "VI_2 not in FAULT after the exit"
ms=$(reacted r1 "$t0" 500 "VI_1 at 50" "effective priority 150 -> 50")
ms2=$(reacted r1 "$t0" 500 "VI_2 FAULT" "(VI_2): MASTER -> FAULT")
info "process exited: VI_1 priority 50 after ${ms} ms, VI_2 FAULT after ${ms2} ms (controller's log)"
[[ $(field r1 11 fault_reason) == *"track_process tp is not running"* ]] ||
    fail "fault_reason: $(field r1 11 fault_reason)"
wait_until 5 field_is r2 10 state MASTER || fail "r2 did not take VI_1 over"
wait_until 5 field_is r2 11 state MASTER || fail "r2 did not take VI_2 over"
info "r2 MASTER of both"

t0=$(now_ms)
start_bg tracked2 - "$LAB_TMP/$comm" 600
wait_until 5 field_is r1 10 effective_priority 150 || fail "VI_1 not back at 150 after the start"
wait_until 5 _lab_not field_is r1 11 state FAULT || fail "VI_2 still in FAULT after the start"
ms=$(reacted r1 "$t0" 500 "VI_1 back at 150" "effective priority 50 -> 150")
ms2=$(reacted r1 "$t0" 500 "VI_2 out of FAULT" "(VI_2): FAULT -> ")
info "process started: VI_1 150 after ${ms} ms, VI_2 out of FAULT after ${ms2} ms (controller's log)"
wait_until 5 field_is r1 10 state MASTER || fail "r1 did not preempt VI_1 back"
wait_until 5 field_is r1 11 state MASTER || fail "r1 did not preempt VI_2 back"
grep -q "PROC_CN\|cannot watch process events" "$LAB_TMP/xv-r1.log" &&
    fail "the process events connector was not used"
echo "PASS: track_process reacts to exit and start within one advert interval; failover both ways"
