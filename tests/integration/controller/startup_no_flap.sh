#!/usr/bin/env bash
# Start-up listening period (docs/state-machine.md): two routers with 30
# instances at 20 ms adverts, priorities 150 and 100, launched 0 and 50 ms
# apart in either order. The lower one never enters MASTER (each of its
# instances makes one transition, INIT -> BACKUP) and the higher one holds
# every instance (entries after it heard the higher one, from stalled
# adverts on a loaded machine, are logged, not failed). Without the period the lower one, launched 50 ms first,
# times out after its 72 ms Master_Down_Interval, before the higher one's
# first advert (50 + 68 ms after it, plus attach); at 0 ms they race.
# 20 ms rather than 10: a loaded machine's stalls stay below 72 ms more
# often than below 36, and a stall after start-up is not what this tests.
source "$(dirname "$0")/common.bash"
N=30

conf() {  # PRIORITY
    local v
    for ((v = 1; v <= N; v++)); do
        cat <<CONF
vrrp_instance VI_$v {
    interface bond1
    virtual_router_id $v
    priority $1
    version 3
    advert_int 0.02
    virtual_ipaddress {
        192.0.2.$((100 + v))/24
    }
}
CONF
    done
}
launch() {  # NAME NS CONF: start without waiting for status
    local n=$1 ns=$2 d
    router_dir "$n"
    d="$TMP/$n"
    echo "$ns" >"$d/ns"
    ip netns exec "$ns" "$XV" attach bond1 --pin-root "$d/bpf" --run-dir "$d/run" \
        --log-level info -f "$3" >>"$d/log" 2>&1 &
    echo $! >"$d/pid"
    PIDS+=($!)
}
count() {  # NAME STATE
    status "$1" 2>/dev/null | jq --arg s "$2" '[.instances[] | select(.state == $s)] | length'
}
count_is() { [[ $(count "$1" "$2") == "$3" ]]; }
# Instances of NAME with more than one transition (INIT -> BACKUP is one).
moved() { status "$1" | jq '[.instances[] | select(.transitions != 1)] | length'; }
# timeline NAME: when its first instance started and first entered MASTER.
timeline() {
    echo "$1: started $(grep -m 1 -- '-> BACKUP (startup)' "$TMP/$1/log" | cut -d' ' -f2)," \
        "first MASTER $(first_master "$1")"
}
first_start() { grep -m 1 -- '-> BACKUP (startup)' "$TMP/$1/log" | cut -d' ' -f2; }
first_master() { grep -m 1 -- '-> MASTER' "$TMP/$1/log" | cut -d' ' -f2; }
ms_of() {  # HH:MM:SS.mmm -> ms of the day
    awk -F'[:.]' '{ print (($1 * 60 + $2) * 60 + $3) * 1000 + $4 }' <<<"$1"
}
stop() {  # NAME
    local pid
    pid=$(pid_of "$1")
    kill -TERM "$pid"
    wait_exit "$pid" 10
}

lab_up
conf 150 >"$TMP/high.conf"
conf 100 >"$TMP/low.conf"
round=0 stalls=0 outside=0
for order in low-first high-first; do
    for skew in 0.05 0; do
        round=$((round + 1))
        hi=hi$round lo=lo$round
        router_dir "$hi"
        router_dir "$lo"
        if [[ $order == low-first ]]; then
            launch "$lo" "$NS_R2" "$TMP/low.conf"
            sleep "$skew"
            launch "$hi" "$NS_R1" "$TMP/high.conf"
        else
            launch "$hi" "$NS_R1" "$TMP/high.conf"
            sleep "$skew"
            launch "$lo" "$NS_R2" "$TMP/low.conf"
        fi
        wait_for 10 count_is "$hi" MASTER "$N" || fail "$order ${skew}s: $hi has $(count "$hi" MASTER) of $N MASTER"
        wait_for 5 count_is "$lo" BACKUP "$N" || fail "$order ${skew}s: $lo has $(count "$lo" BACKUP) of $N BACKUP"
        sleep 1  # a late flap would show in the transitions
        m=$(moved "$lo")
        log "$order, launched ${skew}s apart: $lo instances that left BACKUP: $m; $hi MASTER: $(count "$hi" MASTER); $(timeline "$lo"); $(timeline "$hi")"
        if ((m > 0)); then
            # A start-up flap: the lower one entered MASTER before the higher
            # one's first adverts (2 intervals after its first MASTER) could
            # reach it. Later, it had heard the higher one: the higher one's
            # adverts stalled (a loaded machine, issue 13 item 2), which is
            # the RFC working, not start-up.
            t_lo=$(ms_of "$(first_master "$lo")") t_hi=$(ms_of "$(first_master "$hi")")
            if ((t_lo <= t_hi + 40)); then
                # The guarantee holds while the two routers' instances start
                # less than (150 - 100) / 256 s = 195 ms apart, less margin;
                # on an overloaded machine the attach alone can differ more.
                gap=$(($(ms_of "$(first_start "$lo")") - $(ms_of "$(first_start "$hi")")))
                ((gap < 0)) && gap=$((-gap))
                ((gap > 150)) || fail "$order ${skew}s: $m of $lo's instances entered MASTER at start-up; $(timeline "$lo"); $(timeline "$hi")"
                log "outside the guarantee: the instances started $gap ms apart (> 150 ms; attach times differ on this machine)"
                outside=$((outside + 1))
                stop "$lo"
                stop "$hi"
                continue
            fi
            log "not a start-up flap: $lo's first MASTER came $((t_lo - t_hi)) ms after $hi's (its adverts stalled)"
            stalls=$((stalls + 1))
        fi
        count_is "$hi" MASTER "$N" || fail "$order ${skew}s: $hi lost MASTER"
        stop "$lo"
        stop "$hi"
    done
done
((outside < round)) || skip "every round started its instances more than 150 ms apart (machine too loaded to test the guarantee)"
log "PASS ($outside round(s) outside the guarantee, $stalls round(s) with a later takeover from stalled adverts)"
