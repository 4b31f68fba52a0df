# journald.bash: a real systemd-journald of the test's own, for tests of what
# xvrrp writes to the journal. Source after lib/lab.bash.
#
#   journald_private_mounts "$@"     # first line of the test: re-exec in a mount namespace
#   lab_up; journald_start
#   journald_run_attach NAME NS ARGS...   # xvrrp attach with stderr on a journal stream
#   journald_entries SYSLOG_IDENTIFIER=xvrrp | jq ...
#
# The machine's own journald (if any) is never touched: the test runs in a
# private mount namespace where /run/systemd, /run/log and journald.conf are
# its own; journald keeps a volatile journal in $LAB_TMP/journal-files.

JOURNALD_BIN=${JOURNALD_BIN:-/lib/systemd/systemd-journald}

# journald_private_mounts "$@": re-run the calling test in a new mount
# namespace (mounts there vanish with it); a no-op once inside.
journald_private_mounts() {
    [[ -n ${XV_PRIVATE_MOUNTS:-} ]] && return 0
    lab_require_root
    lab_require_cmd unshare journalctl systemd-cat jq
    [[ -x $JOURNALD_BIN ]] || lab_skip "$JOURNALD_BIN is not installed (systemd)"
    XV_PRIVATE_MOUNTS=1 exec unshare --mount --propagation private bash "$0" "$@"
}

# journald_start: journald listening on /run/systemd/journal/{socket,stdout}.
journald_start() {
    [[ -n ${XV_PRIVATE_MOUNTS:-} ]] || fail "journald_start outside journald_private_mounts"
    local conf=$LAB_TMP/journald.conf
    mount -t tmpfs -o mode=755 xv-journal /run/systemd || fail "mount tmpfs on /run/systemd"
    mkdir -p /run/systemd/journal /run/log
    mount -t tmpfs -o mode=755 xv-journal-files /run/log || fail "mount tmpfs on /run/log"
    # No kernel messages, no rate limit (a test counts lines), memory only.
    printf '[Journal]\nStorage=volatile\nReadKMsg=no\nRateLimitBurst=0\nForwardToSyslog=no\nForwardToWall=no\n' >"$conf"
    mount --bind "$conf" /etc/systemd/journald.conf || fail "bind journald.conf"
    start_bg journald - "$JOURNALD_BIN"
    wait_until 5 test -S /run/systemd/journal/socket || fail "journald did not open its socket"
    wait_until 5 test -S /run/systemd/journal/stdout || fail "journald did not open its stdout socket"
    JOURNALD_PID=$LAB_LAST_PID
}

# journald_entries [MATCH...]: every entry so far, one JSON object a line.
journald_entries() {
    journalctl --directory="$(echo /run/log/journal/*)" --no-pager -o json "$@" 2>/dev/null
}

# The journal so far as $LAB_TMP/journal.log, whose last lines fail shows.
lab_before_fail() {
    journalctl --directory="$(echo /run/log/journal/*)" --no-pager -o short-precise \
        >"$LAB_TMP/journal.log" 2>&1 || true
}

# journald_run_attach NAME NS ARGS...: like xvrrp_start, but the controller's
# stdout and stderr are a journal stream (systemd-cat) and JOURNAL_STREAM
# names it, as systemd does for StandardError=journal.
journald_run_attach() {
    local name=$1 ns=$2
    shift 2
    local wrapper=$LAB_TMP/xvrrp-on-journal
    cat >"$wrapper" <<WRAP
#!/bin/bash
[[ \$1 == attach ]] || exec '$(xvrrp_bin)' "\$@"
exec systemd-cat -t xvrrp-stderr bash -c \\
    'export JOURNAL_STREAM=\$(stat -L -c %d:%i /proc/self/fd/2); exec "\$@"' _ '$(xvrrp_bin)' "\$@"
WRAP
    chmod 755 "$wrapper"
    XVRRP_BIN=$wrapper xvrrp_start "$name" "$ns" "$@"
}
