# common.bash: what every IPv6 lab test sources. The lab library (cleanup
# trap, watchdog, captures), its IPv6 helpers and the xvrrp peer helpers.
set -euo pipefail
IPV6_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$IPV6_DIR/../lib/lab.bash"
# shellcheck source=../lib/ipv6.bash
source "$IPV6_DIR/../lib/ipv6.bash"
# shellcheck source=../peers/xvrrp.bash
source "$IPV6_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq tcpdump tshark
lab_require_xvrrp

state_of() {
    xvrrp_state "$@"
}

# expect_state NAME STATE [VRID] [TIMEOUT] [WHAT]
expect_state() {
    wait_until "${4:-5}" _ipv6_state_is "$1" "${3:-10}" "$2" ||
        fail "${5:-$1 VRID ${3:-10}}: expected $2, is $(state_of "$1" "${3:-10}")"
}

_ipv6_state_is() {
    [[ $(xvrrp_state "$1" "$2") == "$3" ]]
}
