#!/usr/bin/env bash
# Under systemd (stderr is a journal stream named by JOURNAL_STREAM) the
# controller logs through journald's native protocol: a transition is one
# entry with PRIORITY=6 and XVRRP_INSTANCE/IFACE/VRID/STATE/REASON, an
# interface's line has XVRRP_IFACE only, a warning has PRIORITY=4, and nothing is written as text on the stream. A
# controller whose JOURNAL_STREAM does not name its stderr (a child with
# redirected output) keeps writing text lines to stderr.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.bash"
source "$(dirname "$0")/../lib/journald.bash"
source "$(dirname "$0")/../peers/xvrrp.bash"
journald_private_mounts "$@"
lab_require_xvrrp

lab_up
journald_start

cat >"$LAB_TMP/r1.conf" <<CONF
vrrp_instance VI_JOURNAL {
    interface bond1
    state BACKUP
    virtual_router_id 10
    priority 150
    version 3
    advert_int 0.1
    virtual_ipaddress {
        $VIP/24
    }
    notify_master /nonexistent/notify-master
}
CONF
XVRRP_LOG_LEVEL=info journald_run_attach r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
pid=$(cat "$(_xvrrp_dir r1)/pid")
xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER"

# The transition into MASTER, as journald stored it.
master_entry() {
    journald_entries SYSLOG_IDENTIFIER=xvrrp XVRRP_STATE=MASTER | tail -n 1
}
wait_until 5 test -n "$(master_entry)" || fail "no entry with XVRRP_STATE=MASTER in the journal"
entry=$(master_entry)
info "journal: $(jq -c '{MESSAGE, PRIORITY, XVRRP_INSTANCE, XVRRP_IFACE, XVRRP_VRID, XVRRP_STATE, XVRRP_REASON, _TRANSPORT, _PID}' <<<"$entry")"
field() { jq -r --arg f "$1" '.[$f] // "(none)"' <<<"$entry"; }
assert_eq VI_JOURNAL "$(field XVRRP_INSTANCE)" "XVRRP_INSTANCE"
assert_eq bond1 "$(field XVRRP_IFACE)" "XVRRP_IFACE"
assert_eq 10 "$(field XVRRP_VRID)" "XVRRP_VRID"
assert_eq "master-down timer" "$(field XVRRP_REASON)" "XVRRP_REASON"
assert_eq 6 "$(field PRIORITY)" "PRIORITY of a transition (info)"
assert_eq journal "$(field _TRANSPORT)" "_TRANSPORT (native protocol, not the stream)"
assert_eq "$pid" "$(field _PID)" "_PID"
[[ $(field MESSAGE) == *"BACKUP -> MASTER"* ]] || fail "MESSAGE: $(field MESSAGE)"

# An interface's own line carries the interface and no router.
attach=$(journald_entries SYSLOG_IDENTIFIER=xvrrp XVRRP_IFACE=bond1 |
    jq -c 'select(.MESSAGE | startswith("bond1: XDP program attached"))' | head -n 1)
[[ -n $attach ]] || fail "no 'bond1: XDP program attached' entry with XVRRP_IFACE=bond1"
assert_eq null "$(jq -r '.XVRRP_VRID // "null"' <<<"$attach")" "XVRRP_VRID on an interface line"

# The unusable notify script is a warning.
warn=$(journald_entries SYSLOG_IDENTIFIER=xvrrp PRIORITY=4 | jq -r .MESSAGE | grep -F /nonexistent/notify-master) ||
    fail "no PRIORITY=4 entry for the missing notify script"
info "warning: $warn"
# Terminal-format text on the stream would come back as _TRANSPORT=stdout.
stream=$(journald_entries SYSLOG_IDENTIFIER=xvrrp-stderr | jq -r .MESSAGE | grep -c -- '->' || true)
assert_eq 0 "$stream" "state-change lines written as text on the stream"

# r2 inherits JOURNAL_STREAM but its stderr is a file: text, as on a terminal.
JOURNAL_STREAM=$(stat -L -c %d:%i /run/systemd/journal/stdout) \
    xvrrp_start r2 "$NS_R2" --vrid 10 --vip "$VIP/24" --priority 100 --advert-int 100ms
xvrrp_wait_state r2 BACKUP 5 || fail "r2 never became BACKUP"
wait_until 5 grep -q -- "-> BACKUP" "$LAB_TMP/xv-r2.log" || fail "r2 wrote no text line to stderr"
grep -E -q '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ info ' "$LAB_TMP/xv-r2.log" ||
    fail "r2's stderr is not in the terminal format: $(head -n 2 "$LAB_TMP/xv-r2.log")"
r2_in_journal=$(journald_entries SYSLOG_IDENTIFIER=xvrrp | jq -r ._PID | grep -c -x "$(cat "$(_xvrrp_dir r2)/pid")" || true)
assert_eq 0 "$r2_in_journal" "entries from r2 (stderr not the journal stream)"
echo "PASS: transitions reach journald with XVRRP_* fields and priorities; text when stderr is not the journal"
