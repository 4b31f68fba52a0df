#!/usr/bin/env bash
# `xvrrp config check --keepalived-diff`: for a keepalived file, one line per
# keyword whose status or behaviour differs from keepalived 2.2.7's, the
# differences that come from what an instance leaves out, and a count; the
# findings and the exit code are those of `config check` alone. keepalived
# itself (`keepalived -t`) knows every keyword of the file. No namespace, no
# root.
set -euo pipefail
XVRRP=${XVRRP_BIN:?XVRRP_BIN: the xvrrp binary}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$TMP/k.conf" <<'CONF'
global_defs {
    router_id r1
    vrrp_iptables
    enable_snmp_vrrp
}
vrrp_instance VI_1 {
    interface lo
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.10/24
    }
    dont_track_primary
}
CONF

# keepalived -t fails here on the interface (lo, or missing); its keywords it must all know.
if command -v keepalived >/dev/null; then
    ka=$(keepalived -t -f "$TMP/k.conf" 2>&1 || true)
    grep -q 'Unknown keyword' <<<"$ka" && fail "keepalived does not know a keyword: $ka"
fi

rc=0
out=$("$XVRRP" config check --keepalived-diff "$TMP/k.conf") || rc=$?
((rc == 0)) || fail "exit $rc, want 0: $out"
want="$TMP/want"
cat >"$want" <<OUT

keepalived 2.2.7 -> xvrrp, per keyword of $TMP/k.conf:
$TMP/k.conf:3: global_defs vrrp_iptables: accepted, no effect: ignored: xvrrp keeps BACKUP traffic off the VIPs in XDP, not with iptables
$TMP/k.conf:4: global_defs enable_snmp_vrrp: accepted, no effect: ignored: xvrrp has no SNMP agent (Prometheus metrics: xvrrp_metrics_address)
$TMP/k.conf:9: vrrp_instance priority: differs: outside 1-255 is an error (keepalived falls back to 100)
$TMP/k.conf:10: vrrp_instance advert_int: differs: must be exact: VRRPv3 a multiple of 10 ms, VRRPv2 whole seconds (keepalived adjusts the value)
$TMP/k.conf:11: vrrp_instance virtual_ipaddress: differs: at least one address is required (keepalived warns); brd, scope, preferred_lft, home, nodad, noprefixroute, autojoin, no_track are ignored with a warning
$TMP/k.conf:14: vrrp_instance dont_track_primary: accepted, no effect: ignored: xvrrp always tracks the instance's interface (link down means FAULT)
$TMP/k.conf:6: vrrp_instance VI_1 has no use_vmac: keepalived sends and answers with the interface's own MAC, xvrrp with the virtual MAC 00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6)
11 keyword(s) used: 5 as in keepalived, 3 differ, 3 accepted without effect, 0 rejected, 0 unknown
$TMP/k.conf: OK, 1 vrrp_instance(s), 3 warning(s)
OUT
diff -u "$want" <(sed -n '/^$/,$p' <<<"$out") || fail "--keepalived-diff output differs (diff above)"

# Without the flag: the findings alone, as before.
plain=$("$XVRRP" config check "$TMP/k.conf")
grep -q 'keepalived 2.2.7 ->' <<<"$plain" && fail "the diff is printed without --keepalived-diff"

# A rejected keyword: listed with its reason; the exit code is config check's.
sed -i 's/^    dont_track_primary$/    mcast_dst_ip 224.0.0.19/' "$TMP/k.conf"
rc=0
out=$("$XVRRP" config check --keepalived-diff "$TMP/k.conf") || rc=$?
((rc == 1)) || fail "exit $rc with a rejected keyword, want 1: $out"
grep -qF "k.conf:14: vrrp_instance mcast_dst_ip: rejected: adverts always go to 224.0.0.18" <<<"$out" ||
    fail "the rejected keyword is not listed: $out"
grep -qE "1 error\(s\), [0-9]+ warning\(s\); errors in $TMP/k.conf\$" <<<"$out" ||
    fail "the summary does not name the file with the error: $out"
echo "PASS"
