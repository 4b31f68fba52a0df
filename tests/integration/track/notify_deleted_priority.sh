#!/usr/bin/env bash
# notify_deleted and notify_priority_changes on one controller (r1, alone,
# so MASTER of both instances):
#   - vrrp_notify_priority_changes: a track_file moving VI_1's priority
#     while MASTER writes `INSTANCE "VI_1" MASTER_PRIORITY 155` to the
#     notify FIFO; VI_2 says notify_priority_changes false and writes none;
#   - VI_2 has notify_deleted SCRIPT: a reload without VI_2 runs the script,
#     passes DELETED to `notify` and writes `INSTANCE "VI_2" DELETED` to the
#     FIFO; VI_1, kept, is not notified.
# shellcheck source=objects.bash
source "$(dirname "$0")/objects.bash"
lab_up
fifo=$LAB_TMP/notify.fifo
mkfifo -m 600 "$fifo"
file=$LAB_TMP/prio
echo 0 >"$file"
record="/bin/sh -c 'echo \$1 \$2 \$3 \$4 >> $LAB_TMP/notify.out' notify"
conf() {  # WITH_VI_2(yes|no)
    printf 'global_defs {\n    notify_fifo %s\n    vrrp_notify_priority_changes\n}\n' "$fifo"
    printf 'track_file tf {\n    file %s\n}\n' "$file"
    vrrp_block VI_1 10 150 "track_file {" "    tf" "}" "notify \"$record\""
    [[ $1 == yes ]] || return 0
    vrrp_block VI_2 11 150 "track_file {" "    tf" "}" "notify \"$record\"" \
        "notify_priority_changes false" \
        "notify_deleted \"/bin/sh -c 'echo \$0 >> $LAB_TMP/deleted.out' gone\""
}
conf yes >"$LAB_TMP/r1.conf"
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
wait_until 8 field_is r1 10 state MASTER || fail "VI_1 never MASTER"
wait_until 8 field_is r1 11 state MASTER || fail "VI_2 never MASTER"
fifo_lines "$fifo" >/dev/null  # the transitions so far

echo 5 >"$file"
wait_until 2 field_is r1 10 effective_priority 155 || fail "VI_1 not at 155"
got=$(fifo_lines "$fifo")
assert_eq 'INSTANCE "VI_1" MASTER_PRIORITY 155' "$got" "the FIFO after the priority change"
info "priority change: '$got' in the FIFO (none for VI_2)"

conf no >"$LAB_TMP/r1.conf"
kill -HUP "$(cat "$(_xvrrp_dir r1)/pid")"
wait_until 5 grep -q "gone" "$LAB_TMP/deleted.out" 2>/dev/null || fail "notify_deleted did not run"
wait_until 5 grep -q "INSTANCE VI_2 DELETED 155" "$LAB_TMP/notify.out" ||
    fail "notify did not get DELETED: $(cat "$LAB_TMP/notify.out")"
got=$(fifo_lines "$fifo")
assert_eq 'INSTANCE "VI_2" DELETED 155' "$got" "the FIFO after the reload"
grep -q "VI_1 STOP\|VI_1 DELETED" "$LAB_TMP/notify.out" && fail "VI_1 was notified by the reload"
field_is r1 10 state MASTER || fail "VI_1 not MASTER after the reload"
info "reload without VI_2: notify_deleted ran, notify and FIFO got DELETED"
echo "PASS: notify_deleted on removal by reload; priority changes in the notify FIFO"
