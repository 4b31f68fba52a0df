#!/usr/bin/env bash
# keepalived's pre-processor (keepalived.conf(5) "ADVANCED CONFIGURATION")
# against keepalived 2.2.7 itself, on the same files:
#  1. probe.conf leaves one unknown top-level keyword per generated line;
#     keepalived -t and xvrrp config check must name the same (line, word)
#     list: same expansion, same order, same line numbers, ${_PWD} included.
#  2. gateway.conf, one file for a router pair: with -i main and -i backup
#     both accept it (keepalived in a throw-away network namespace holding
#     its interface); with -i other both refuse it ($PRIORITY is undefined).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.bash"

lab_require_root
lab_require_cmd keepalived unshare ip
lab_require_xvrrp
lab_init preproc
DIR=$(cd "$(dirname "$0")/preprocess" && pwd)
XVRRP=$(xvrrp_bin)

# keepalived -t, with its pid files kept out of /run.
ka_test() {
    keepalived -t -p "$LAB_TMP/k.pid" -r "$LAB_TMP/v.pid" -c "$LAB_TMP/c.pid" "$@"
}

# keepalived prints each finding once per process it would start: the first
# of each (line, word) is kept.
ka_words() {
    ka_test -f "$DIR/probe.conf" -i probe 2>&1 |
        sed -nE "s/.*Line ([0-9]+)\) Unknown keyword '(.*)'$/\1 \2/p" | awk '!seen[$0]++' || true
}

xvrrp_words() {
    "$XVRRP" config check -i probe "$DIR/probe.conf" |
        sed -nE "s/^[^:]*:([0-9]+): error: (unknown keyword '([^']*)' in the top level|'([^']*)' is an undefined parameter).*$/\1 \3\4/p" || true
}

# keepalived reports in reading order, xvrrp sorted by file then line: the
# same (line, word) pairs, compared sorted.
ka_words | sort >"$LAB_TMP/keepalived.words"
xvrrp_words | sort >"$LAB_TMP/xvrrp.words"
n=$(wc -l <"$LAB_TMP/keepalived.words")
info "probe: keepalived names $n generated lines"
((n >= 70)) || fail "keepalived named only $n probe lines: $(head -c 300 "$LAB_TMP/keepalived.words")"
diff -u "$LAB_TMP/keepalived.words" "$LAB_TMP/xvrrp.words" >&2 ||
    fail "probe.conf: xvrrp's expansion differs from keepalived's (diff above)"

# The gateway file in a network namespace of its own, with its interface.
ka_gateway() {
    unshare -n bash -c '
        ip link add xd0 type veth peer name xd1 && ip link set xd0 up || exit 99
        shift; keepalived -t -p "$0/k.pid" -r "$0/v.pid" -c "$0/c.pid" "$@"
    ' "$LAB_TMP" _ -f "$DIR/gateway.conf" -i "$1"
}

for id in main backup; do
    ka_gateway "$id" >"$LAB_TMP/ka-$id.log" 2>&1 || fail "keepalived -t -i $id refused gateway.conf: $(cat "$LAB_TMP/ka-$id.log")"
    out=$("$XVRRP" config check -i "$id" "$DIR/gateway.conf") || fail "xvrrp config check -i $id refused gateway.conf: $out"
    [[ $out == *"OK, 2 vrrp_instance(s)"* ]] || fail "-i $id: unexpected summary: $out"
done

rc=0
ka_gateway other >"$LAB_TMP/ka-other.log" 2>&1 || rc=$?
((rc != 0)) || fail "keepalived -t -i other accepted gateway.conf"
grep -q "invalid number '\$PRIORITY'" "$LAB_TMP/ka-other.log" || fail "keepalived -i other: $(cat "$LAB_TMP/ka-other.log")"
rc=0
out=$("$XVRRP" config check -i other "$DIR/gateway.conf") || rc=$?
((rc == 1)) || fail "xvrrp config check -i other: exit $rc, want 1: $out"
[[ $out == *"priority: '\$PRIORITY' is an undefined parameter"* ]] || fail "-i other: $out"
info "gateway.conf: main and backup accepted, other refused, by both"
echo PASS
