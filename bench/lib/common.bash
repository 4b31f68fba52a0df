# common.bash: what every bench script here sources first.
#
#   source "$(dirname "$0")/../lib/common.bash"
#   bench_args "$@"                  # --quick --results DIR --build DIR --impl LIST, the rest in BENCH_ARGS
#   bench_require_root
#   lab_up                           # from tests/integration/lib/lab.bash (namespaces, cleanup trap)
#
# It brings in the integration tests' lab library and peer drivers (one
# place for namespaces, process registration and cleanup, keepalived and
# xvrrp), and this folder's helpers: cpu.bash (CPU accounting), json.bash
# (results files), plot.bash (gnuplot), impl.bash (the implementations as
# plug-ins) and vrrp_conf.bash (many-instance keepalived-syntax configs).
#
# Tools built with the project are looked up in BENCH_BUILD_DIR (default:
# XVRRP_BUILD_DIR, default build/), as BENCH_BUILD_DIR/bench/FOLDER/NAME.

BENCH_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_REPO=$(cd "$BENCH_LIB_DIR/../.." && pwd)

# shellcheck source=../../tests/integration/lib/lab.bash
source "$BENCH_REPO/tests/integration/lib/lab.bash"
# shellcheck source=../../tests/integration/peers/keepalived.bash
source "$BENCH_REPO/tests/integration/peers/keepalived.bash"
# shellcheck source=../../tests/integration/peers/xvrrp.bash
source "$BENCH_REPO/tests/integration/peers/xvrrp.bash"
source "$BENCH_LIB_DIR/cpu.bash"
source "$BENCH_LIB_DIR/json.bash"
source "$BENCH_LIB_DIR/plot.bash"
source "$BENCH_LIB_DIR/impl.bash"
source "$BENCH_LIB_DIR/vrrp_conf.bash"

# shellcheck disable=SC2034 # read by the bench scripts
BENCH_QUICK=0
BENCH_RESULTS=$BENCH_REPO/bench/results
BENCH_IMPLS=""
BENCH_ARGS=()
# A controller at debug level logs per advert: never what is being measured.
export XVRRP_LOG_LEVEL=${XVRRP_LOG_LEVEL:-warn}

# bench_args "$@": the options every bench takes; the others are left in
# BENCH_ARGS for the script (pairs of option and value; a flag without a
# value, such as --profile, is passed on alone).
bench_args() {
    while (($#)); do
        case $1 in
            --quick) BENCH_QUICK=1 && shift && continue ;;
            --results) BENCH_RESULTS=$2 ;;
            --build) export XVRRP_BUILD_DIR=$2 ;;
            --impl) BENCH_IMPLS=$2 ;;
            -h | --help) BENCH_ARGS+=(--help) && shift && continue ;;
            --profile) BENCH_ARGS+=(--profile) && shift && continue ;;
            *)
                (($# >= 2)) || { echo "option $1 needs a value" >&2 && exit 2; }
                BENCH_ARGS+=("$1" "$2")
                ;;
        esac
        shift 2
    done
    BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$XVRRP_BUILD_DIR}
    mkdir -p "$BENCH_RESULTS"
}

bench_require_root() {
    [[ $(id -u) -eq 0 ]] || { echo "$(basename "$0"): needs root (namespaces, raw sockets, XDP)" >&2 && exit 2; }
}

# bench_tool FOLDER NAME: the path of a tool built from bench/FOLDER.
bench_tool() {
    echo "$BENCH_BUILD_DIR/bench/$1/$2"
}

# bench_require_tool FOLDER NAME: fail (exit 1, nothing measured) when not built.
bench_require_tool() {
    local t
    t=$(bench_tool "$1" "$2")
    [[ -x $t ]] || fail "$2 not built: $t (cmake --build $BENCH_BUILD_DIR --target $2, or set BENCH_BUILD_DIR)"
}

# bench_pick QUICK_VALUE FULL_VALUE: one of them, by --quick.
bench_pick() {
    if ((BENCH_QUICK)); then echo "$1"; else echo "$2"; fi
}

# ns_neigh_count NS: IPv4 neighbour entries in NS (all states, all interfaces).
ns_neigh_count() {
    ip -4 -n "$1" neigh show 2>/dev/null | wc -l
}

# bench_tool_json FILE: the last JSON line a tool printed into FILE.
bench_tool_json() {
    local j
    j=$(grep '^{' "$1" 2>/dev/null | tail -n 1)
    [[ -n $j ]] || fail "no result from the tool writing $1"
    echo "$j"
}
