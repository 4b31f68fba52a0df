#!/usr/bin/env bash
# The notify FIFO is never reached through a symbolic link nor, with
# enable_script_security, taken from another user (issue 12 item 3). Three
# controllers in turn, each becoming MASTER:
#   1. notify_fifo is a link to root's FIFO: refused with FILE:LINE, the
#      FIFO behind it receives nothing;
#   2. with security, a FIFO that nobody owns: refused with FILE:LINE,
#      nothing written into it;
#   3. without security, that same FIFO: used (today's behaviour), the
#      BACKUP and MASTER lines arrive (which also shows how 1 and 2 would
#      have read them).
# shellcheck source=security.bash
source "$(dirname "$0")/security.bash"
lab_up
real=$LAB_TMP/real.fifo
theirs=$LAB_TMP/theirs.fifo
mkfifo -m 600 "$real" "$theirs"
chown nobody:nogroup "$theirs"
ln -s "$real" "$LAB_TMP/link.fifo"

# fifo_lines FIFO: the lines waiting in FIFO, one per line (none within
# 0.5 s: the end). Opened read-write, so the open never blocks whether or
# not xvrrp holds it.
fifo_lines() {
    local fd line
    exec {fd}<>"$1"
    while read -r -t 0.5 -u "$fd" line; do
        echo "$line"
    done
    exec {fd}<&-
}

# run_with NAME FIFO SECURITY(yes|no): start a controller NAME on r1 with
# that notify_fifo, wait for MASTER; sets CONF and FIFO_LINE.
run_with() {
    local name=$1 fifo=$2 sec=$3
    CONF=$LAB_TMP/$name.conf
    {
        echo "global_defs {"
        [[ $sec == yes ]] && echo "    enable_script_security"
        echo "    script_user root"
        echo "    notify_fifo $fifo"
        echo "}"
        # shellcheck disable=SC2119 # no extra lines
        instance_block
    } >"$CONF"
    FIFO_LINE=$(line_of "$CONF" "notify_fifo $fifo")
    xvrrp_start "$name" "$NS_R1" -f "$CONF"
    xvrrp_wait_state "$name" MASTER 5 || fail "$name never became MASTER: $(xvrrp_state "$name")"
}

run_with f1 "$LAB_TMP/link.fifo" yes
got=$(fifo_lines "$real")
[[ -z $got ]] || fail "the FIFO behind the link received '$got'"
expect_log f1 "$CONF:$FIFO_LINE: notify_fifo $LAB_TMP/link.fifo: is a symbolic link (refused)"
xvrrp_stop f1
info "a notify_fifo that is a link: refused, nothing written through it"

run_with f2 "$theirs" yes
got=$(fifo_lines "$theirs")
[[ -z $got ]] || fail "nobody's FIFO received '$got' with enable_script_security"
expect_log f2 "$CONF:$FIFO_LINE: notify_fifo $theirs: owned by uid 65534, not root; refused by enable_script_security"
xvrrp_stop f2
info "nobody's FIFO with enable_script_security: refused, nothing written"

run_with f3 "$theirs" no
got=$(fifo_lines "$theirs")
assert_eq 'INSTANCE "VI_1" BACKUP 150
INSTANCE "VI_1" MASTER 150' "$got" "the lines in nobody's FIFO without enable_script_security"
log_has f3 "notify_fifo $theirs:" && fail "the FIFO was refused without enable_script_security"
xvrrp_stop f3
echo "PASS: notify_fifo refuses a link always and another user's FIFO with enable_script_security, with FILE:LINE"
