#!/usr/bin/env bash
# The project's keepalived corpus (tests/config/keepalived/*.conf, globbed, so
# files added later are checked too): Debian's keepalived 2.2.7 (`keepalived
# -t -f FILE`) and `xvrrp config check FILE` must both accept every file.
# Both run in a throw-away network namespace (unshare -n, gone with the
# process) holding the interfaces the files may name, eth0-eth3: keepalived
# -t refuses a file whose interface does not exist, and xvrrp would warn.
# Before the corpus, a file with a typo proves that both checks can fail.
# A failure names the file and the tool, with that tool's output.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.bash"

lab_require_root
lab_require_cmd keepalived unshare ip
lab_require_xvrrp
lab_init kacorpus
CORPUS=${XVRRP_KEEPALIVED_CORPUS:-$LAB_REPO/tests/config/keepalived}
XVRRP=$(xvrrp_bin)

# in_netns CMD...: CMD in a fresh network namespace with eth0..eth3 up.
in_netns() {
    unshare -n bash -c '
        ip link add eth0 type veth peer name eth1 &&
            ip link add eth2 type veth peer name eth3 || exit 99
        for i in eth0 eth1 eth2 eth3; do ip link set "$i" up || exit 99; done
        exec "$@"
    ' _ "$@"
}

# keepalived -t prints its findings and exits non-zero on any of them (an
# unknown keyword, a value out of range, a missing interface or script);
# its pid files are kept out of /run.
keepalived_check() {
    in_netns keepalived -t -f "$1" -p "$LAB_TMP/k.pid" -r "$LAB_TMP/v.pid" -c "$LAB_TMP/c.pid"
}

xvrrp_check() {
    in_netns "$XVRRP" config check "$1"
}

# check TOOL FILE: 0 when TOOL accepts FILE; its output in $LAB_TMP/out.
check() {
    local rc=0
    "${1}_check" "$2" >"$LAB_TMP/out" 2>&1 || rc=$?
    ((rc != 99)) || fail "could not create the interfaces of the namespace"
    return "$rc"
}

# The negative control: one misspelt keyword, which both must refuse.
sed 's/^\(\s*\)priority /\1prioirty /' "$CORPUS/unicast_pair.conf" >"$LAB_TMP/typo.conf"
grep -q prioirty "$LAB_TMP/typo.conf" || fail "the control file has no typo"
for tool in keepalived xvrrp; do
    if check "$tool" "$LAB_TMP/typo.conf"; then
        fail "$tool accepted a file with 'prioirty': the corpus check could not fail ($(cat "$LAB_TMP/out"))"
    fi
    grep -q prioirty "$LAB_TMP/out" || fail "$tool refused the control file without naming 'prioirty': $(cat "$LAB_TMP/out")"
done
info "control: keepalived -t and xvrrp config check both refuse 'prioirty'"

shopt -s nullglob
files=("$CORPUS"/*.conf)
((${#files[@]} >= 10)) || fail "only ${#files[@]} files in $CORPUS"
failed=0
for f in "${files[@]}"; do
    for tool in keepalived xvrrp; do
        if ! check "$tool" "$f"; then
            echo "FAIL: $tool refuses ${f#"$LAB_REPO"/}:" >&2
            sed 's/^/    /' "$LAB_TMP/out" >&2
            failed=$((failed + 1))
        fi
    done
    warnings=$(grep -c ': warning:' "$LAB_TMP/out" || true)
    info "${f#"$LAB_REPO"/}: xvrrp $warnings warning(s)"
done
((failed == 0)) || fail "$failed refusal(s) in ${#files[@]} corpus files (above)"
info "${#files[@]} corpus files accepted by keepalived -t and xvrrp config check"
echo PASS
