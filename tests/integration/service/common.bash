# common.bash: what the service tests (xvrrp under a service manager) source:
# the lab library, the xvrrp peer helpers, and the manager's side of
# sd_notify, a datagram socket the test owns (notify_listener.py).
set -euo pipefail
SERVICE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$SERVICE_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$SERVICE_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq ip python3
lab_require_xvrrp

# notify_listen: start the listener; sets NOTIFY_SOCKET_PATH and NOTIFY_LOG
# (one line per datagram: "<monotonic us>|KEY=VALUE|...").
notify_listen() {
    NOTIFY_SOCKET_PATH="$LAB_TMP/notify.sock"
    NOTIFY_LOG="$LAB_TMP/notify.messages"
    : >"$NOTIFY_LOG"
    start_bg notify-listener - python3 "$SERVICE_DIR/notify_listener.py" \
        "$NOTIFY_SOCKET_PATH" "$NOTIFY_LOG" "${LAB_TIMEOUT:-60}"
    wait_until 5 test -S "$NOTIFY_SOCKET_PATH" || fail "notify listener did not bind $NOTIFY_SOCKET_PATH"
}

# mono_us: CLOCK_MONOTONIC now, in microseconds (the clock of the log and
# of MONOTONIC_USEC).
mono_us() {
    python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000)'
}

# notify_has FIELD: some datagram so far carried FIELD (e.g. READY=1).
notify_has() {
    grep -q "|$1\(|\|\$\)" "$NOTIFY_LOG"
}

# notify_count FIELD [FROM_US [TO_US]]: datagrams carrying FIELD received in
# [FROM_US, TO_US).
notify_count() {
    awk -F'|' -v f="$1" -v a="${2:-0}" -v b="${3:-0}" '
        $1 >= a && (b == 0 || $1 < b) { for (i = 2; i <= NF; i++) if ($i == f) { n++; break } }
        END { print n + 0 }' "$NOTIFY_LOG"
}

# notify_after LINE_NO FIELD: the number of the first line after LINE_NO
# carrying FIELD (empty when none).
notify_after() {
    awk -F'|' -v from="$1" -v f="$2" '
        NR > from { for (i = 2; i <= NF; i++) if ($i == f) { print NR; exit } }' "$NOTIFY_LOG"
}

# notify_line N: line N of the log.
notify_line() {
    sed -n "${1}p" "$NOTIFY_LOG"
}

# notify_status_of LINE: the STATUS= value of one log line (empty if none).
notify_status_of() {
    tr '|' '\n' <<<"$1" | sed -n 's/^STATUS=//p'
}

# status_counts NAME: "M MASTER, B BACKUP, F FAULT" (", I INIT" when some) from
# `xvrrp status --json`: what STATUS= must say.
status_counts() {
    xvrrp_status "$1" | jq -r '.instances | map(.state) as $s |
        ($s | map(select(. == "MASTER")) | length) as $m |
        ($s | map(select(. == "BACKUP")) | length) as $b |
        ($s | map(select(. == "FAULT")) | length) as $f |
        ($s | map(select(. == "INIT")) | length) as $i |
        "\($m) MASTER, \($b) BACKUP, \($f) FAULT" + (if $i > 0 then ", \($i) INIT" else "" end)'
}

# last_status: the STATUS= of the last datagram that carried one.
last_status() {
    notify_status_of "$(grep '|STATUS=' "$NOTIFY_LOG" | tail -n 1)"
}

# last_status_is TEXT: the last STATUS= says TEXT (for wait_until).
last_status_is() {
    [[ $(last_status) == "$1" ]]
}

# notify_has_after LINE_NO FIELD: some datagram after line LINE_NO carried FIELD.
notify_has_after() {
    [[ -n $(notify_after "$1" "$2") ]]
}

# vrid_state_is NAME VRID STATE (for wait_until).
vrid_state_is() {
    [[ $(xvrrp_state "$1" "$2") == "$3" ]]
}
