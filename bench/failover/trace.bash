# Sourced by bench/failover/run.sh --trace: the takeover chain of one
# link_down trial, every time in ms after the fault command, on one clock
# (CLOCK_MONOTONIC; the capture's CLOCK_REALTIME stamps are moved onto it with
# an offset read at the start of the trial, good to a few µs).
#
# Sources: a capture on the switch (every bridge port, SLL2 so each frame
# names its port and direction); for xvrrp the backup's "takeover timeline"
# log line (the kernel's deadline, the sweep, the controller's wake-up,
# decision, advert, VIP add and first GARP); the probe's first request and
# outage (its CLOCK_MONOTONIC stamps).

# The offset CLOCK_REALTIME - CLOCK_MONOTONIC, ns.
trace_clock_offset() {
    python3 -c 'import time; r = time.clock_gettime_ns(time.CLOCK_REALTIME); m = time.clock_gettime_ns(time.CLOCK_MONOTONIC); print(r - m)'
}

# trace_start N: capture VRRP, ARP and ICMP on every port of the switch.
trace_start() {
    trace_pcap=$LAB_TMP/trace-$1.pcap
    trace_offset_ns=$(trace_clock_offset)
    start_bg "tcpdump-$1" "$NS_SW" tcpdump -i any -y LINUX_SLL2 -B 8192 -U -n \
        --time-stamp-precision=nano -w "$trace_pcap" 'vrrp or arp or icmp'
    trace_tcpdump_pid=$LAB_LAST_PID
    wait_until 3 test -s "$trace_pcap" || true
    sleep 0.2
}

trace_stop() {
    kill -INT "$trace_tcpdump_pid" 2>/dev/null || true
    wait_pid_gone "$trace_tcpdump_pid" 5 || true
}

# trace_row IMPL INTERVAL N FAULT_REALTIME_US: one TSV row of milestones (ms
# after the fault, empty = not seen) to $trace_tsv.
trace_row() {
    local impl=$1 interval=$2 n=$3 fault_rt_us=$4 log=""
    [[ $impl == xvrrp ]] && log=$LAB_TMP/xv-r2.log
    local ports
    ports=$(ip -n "$NS_SW" -o link show | awk -F': ' '{ split($2, a, "@"); print $1 "=" a[1] }' | tr '\n' ' ')
    tshark -r "$trace_pcap" -T fields -E separator=/t \
        -e frame.time_epoch -e sll.ifindex -e sll.pkttype -e ip.src -e ip.dst -e vrrp.prio \
        -e arp.opcode -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 -e icmp.type 2>/dev/null |
        python3 "$here/trace_chain.py" --impl "$impl" --interval "$interval" --trial "$n" \
            --fault-rt-us "$fault_rt_us" --offset-ns "$trace_offset_ns" --ports "$ports" \
            --r1 "$R1_IP" --r2 "$R2_IP" --vip "$VIP" --client "$C_IP" \
            --probe "$LAB_TMP/probe.json" ${log:+--log "$log"} >>"$trace_tsv"
}
