{
  lab: "scripts/lab.sh with LAB_ROUTERS=3: r1, r2, r3 and the client on one bridge (namespaces); one VRRPv3 instance; both implementations read the same instance block (lib/impl.bash), keepalived with dynamic_interfaces and no use_vmac (it answers ARP with the master's own MAC), xvrrp answers with the VMAC from XDP",
  schedule: "schedule.py: random.Random(seed) draws class, node (r1 half of the time), duration 0.3-4 s, gap 2.5-5 s and the class's knob; the same list for both implementations, run one fault at a time",
  faults: {
    kill_restart: "SIGKILL of every process of the node's controller, restart after the duration (xvrrp finds its pins)",
    hup_priority: "config rewritten with the drawn priority (50-250), SIGHUP; original config and SIGHUP when the duration ends",
    hup_vip: "the same with the VIP list edited: add 192.0.2.252, remove 192.0.2.253, or replace it by .252",
    link_flap: "ip link set bond1 down, then up",
    iface_recreate: "bond1 deleted and created again on the bridge with the same addresses (new index, new MAC); keepalived relies on dynamic_interfaces",
    advert_loss: "advert_drop.bpf.c as generic XDP on the node's bridge port drops the drawn percentage of the adverts it sends",
    cpu_hog: "the controller's threads pinned to the CPU it was on and a busy loop pinned beside them (same nice), killed by PID, affinity restored",
    arp_flood: "xvrrp-arpflood from the client: ARP requests for the VIP at the drawn rate from the drawn number (<= 256) of sender pairs"
  },
  window: "a fault's window runs from applying it to the end of its gap and health check; every figure is per window, summed or summarised per class",
  outage: "xvrrp-probe pings 192.0.2.254 every 1 ms from the client; outage = longest run of lost requests starting in the window, from the last answered request before to the first after, less 1 ms",
  arp: "arp_probe.py asks ARP for 192.0.2.254 every 10 ms (broadcast; each request has its own sender address so late replies are counted for their request); two_responders_ms = requests answered by >= 2 replies x 10 ms (two xvrrp routers answer with the same VMAC, so replies, not MACs, count responders); two_macs_ms = by >= 2 distinct MACs; none_ms = by none",
  health: "after the gap: exactly one MASTER and one ping answered, within 5 s; otherwise the fault is unrecovered and the node's controller is restarted (harness_restarts_after_unrecovered)",
  crashes: "a controller found gone (liveness checked before and after every fault) that the schedule did not kill, plus keepalived's logged VRRP child deaths/respawns; it is restarted so the run goes on",
  end_checks: "after a graceful stop (SIGTERM) of every controller: entries left in each xvrrp's private bpffs, new /sys/fs/bpf/xvrrp* entries, VIPs (192.0.2.252-254) on router interfaces, XDP programs on any lab link, bpf TC egress filters, processes left in the lab namespaces or started by the bench"
}
