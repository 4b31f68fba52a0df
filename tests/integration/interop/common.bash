# common.bash: what every interop test sources. The lab library (cleanup
# trap, watchdog, captures, probe) and the xvrrp peer helpers; the test
# sources keepalived.bash / frr.bash itself when it needs them.
set -euo pipefail
INTEROP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$INTEROP_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$INTEROP_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq arping
lab_require_xvrrp

# The VMAC of VRID $1 (RFC 9568 7.3), lower case.
vmac() {
    printf '00:00:5e:00:01:%02x' "$1"
}

state_of() {
    xvrrp_state "$1"
}
