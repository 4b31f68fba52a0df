# keepalived.bash: keepalived 2.2.x as a VRRP peer inside a lab namespace.
# Source after lib/lab.bash.
#
#   conf=$(keepalived_config r1 --priority 150 --advert-int 0.01)
#   keepalived_start r1 "$NS_R1" "$conf"
#   keepalived_wait_state r1 MASTER 5 || fail "r1 never became MASTER"
#   keepalived_kill r1            # SIGKILL, a crash: no priority-0 advert, VIPs left behind
#
# Each instance lives in $LAB_TMP/ka-NAME/ with its own config and pid files
# (-p/-r/-c/-b), so two keepalived in two namespaces never share a path, and
# nothing is written under /run or /etc. It runs --vrrp only, in the
# foreground (-n), logging to the console (-l -D) that start_bg sends to
# $LAB_TMP/ka-NAME.log, never to syslog (-G). DBus and SNMP stay off: they
# are only enabled by config keywords we never write.
#
# State comes from keepalived's notify FIFO (vrrp_notify_fifo): keepalived
# writes one line per transition, in order, e.g. `INSTANCE "VI_r1" MASTER 150`,
# and a reader process appends them to $LAB_TMP/ka-NAME-notify.log. A notify
# *script* would also work, but keepalived forks one per transition without
# waiting, so two quick transitions (FAULT then BACKUP) can land out of order.

KEEPALIVED=${KEEPALIVED:-keepalived}

_ka_dir() {
    echo "$LAB_TMP/ka-$1"
}

# keepalived_config NAME [options]: write a one-instance config, print its path.
#   --iface IF (bond1)  --vrid N (10)  --priority P (100)  --advert-int SECONDS (1; 0.01 = 10 ms, v3 only)
#   --version 2|3 (3)   --vip ADDR/LEN (repeatable; default $VIP/24)  --auth-pass S (v2 PASS auth)
#   --state MASTER|BACKUP (BACKUP)  --nopreempt  --unicast-src IP  --unicast-peer IP (repeatable)
#   --extra 'keyword value' (repeatable, a raw line inside vrrp_instance)
keepalived_config() {
    local name=$1
    shift
    local iface=bond1 vrid=10 prio=100 adv=1 ver=3 auth="" state=BACKUP nopreempt=0 usrc=""
    local -a vips=() peers=() extra=()
    while (($#)); do
        case $1 in
            --iface) iface=$2 ;;
            --vrid) vrid=$2 ;;
            --priority) prio=$2 ;;
            --advert-int) adv=$2 ;;
            --version) ver=$2 ;;
            --vip) vips+=("$2") ;;
            --auth-pass) auth=$2 ;;
            --state) state=$2 ;;
            --nopreempt) nopreempt=1 && shift && continue ;;
            --unicast-src) usrc=$2 ;;
            --unicast-peer) peers+=("$2") ;;
            --extra) extra+=("$2") ;;
            *) fail "keepalived_config: unknown option $1" ;;
        esac
        shift 2
    done
    ((${#vips[@]})) || vips=("$VIP/24")
    local dir
    dir=$(_ka_dir "$name")
    mkdir -p "$dir"
    {
        echo "global_defs {"
        echo "    router_id $name"
        echo "    vrrp_version $ver"
        echo "    vrrp_notify_fifo $dir/notify.fifo"
        echo "    script_user root"
        echo "    enable_script_security"
        echo "}"
        echo "vrrp_instance VI_$name {"
        echo "    state $state"
        echo "    interface $iface"
        echo "    virtual_router_id $vrid"
        echo "    priority $prio"
        echo "    advert_int $adv"
        ((nopreempt)) && echo "    nopreempt"
        if [[ -n $auth ]]; then
            echo "    authentication {"
            echo "        auth_type PASS"
            echo "        auth_pass $auth"
            echo "    }"
        fi
        [[ -n $usrc ]] && echo "    unicast_src_ip $usrc"
        if ((${#peers[@]})); then
            echo "    unicast_peer {"
            printf '        %s\n' "${peers[@]}"
            echo "    }"
        fi
        ((${#extra[@]})) && printf '    %s\n' "${extra[@]}"
        echo "    virtual_ipaddress {"
        printf '        %s\n' "${vips[@]}"
        echo "    }"
        echo "}"
    } >"$dir/keepalived.conf"
    echo "$dir/keepalived.conf"
}

# keepalived_start NAME NS [CONF]: start keepalived in NS and wait (5 s, or
# KEEPALIVED_START_TIMEOUT) until its VRRP child is up and it reported its
# first state.
keepalived_start() {
    local name=$1 ns=$2 dir
    dir=$(_ka_dir "$name")
    local conf=${3:-$dir/keepalived.conf}
    [[ -f $conf ]] || fail "keepalived_start $name: no config $conf"
    rm -f "$dir"/*.pid "$dir/notify.fifo"
    mkfifo "$dir/notify.fifo"
    # The reader blocks on open until keepalived opens the FIFO for writing.
    start_bg "ka-$name-notify" - cat "$dir/notify.fifo"
    start_bg "ka-$name" "$ns" "$KEEPALIVED" -n -l -D -G --vrrp -f "$conf" \
        -p "$dir/keepalived.pid" -r "$dir/vrrp.pid" -c "$dir/checkers.pid" -b "$dir/bfd.pid"
    wait_until "${KEEPALIVED_START_TIMEOUT:-5}" test -s "$dir/vrrp.pid" || fail "keepalived $name: VRRP child did not start"
    wait_until "${KEEPALIVED_START_TIMEOUT:-5}" _ka_has_state "$name" || fail "keepalived $name: no state reported"
}

_ka_has_state() {
    [[ $(keepalived_state "$1") != NONE ]]
}

# keepalived_pids NAME: the parent's and the VRRP child's PIDs.
keepalived_pids() {
    local dir
    dir=$(_ka_dir "$1")
    cat "$dir/keepalived.pid" "$dir/vrrp.pid" 2>/dev/null | tr '\n' ' '
}

# keepalived_state NAME: MASTER, BACKUP, FAULT, STOP (after a graceful stop)
# or NONE (nothing reported yet).
keepalived_state() {
    local s
    s=$(awk '$1 == "INSTANCE" { st = $3 } END { print st }' "$LAB_TMP/ka-$1-notify.log" 2>/dev/null)
    echo "${s:-NONE}"
}

keepalived_wait_state() {
    local name=$1 want=$2 timeout=${3:-10}
    wait_until "$timeout" _ka_state_is "$name" "$want"
}

_ka_state_is() {
    [[ $(keepalived_state "$1") == "$2" ]]
}

# keepalived_stop NAME: SIGTERM, the graceful stop (priority-0 advert, VIPs removed).
keepalived_stop() {
    local parent
    parent=$(cat "$(_ka_dir "$1")/keepalived.pid" 2>/dev/null) || return 0
    kill -TERM "$parent" 2>/dev/null
    wait_pid_gone "$parent" "${KEEPALIVED_STOP_TIMEOUT:-5}" || fail "keepalived $1 did not stop on SIGTERM"
}

# keepalived_kill NAME: SIGKILL, a crash. The VRRP child dies first: killed
# parent-first, the child could notice and shut down cleanly.
keepalived_kill() {
    local dir child parent
    dir=$(_ka_dir "$1")
    child=$(cat "$dir/vrrp.pid")
    parent=$(cat "$dir/keepalived.pid")
    kill -KILL "$child" "$parent" 2>/dev/null
    if ! wait_pid_gone "$child" 5 || ! wait_pid_gone "$parent" 5; then
        fail "keepalived $1 survived SIGKILL"
    fi
}
