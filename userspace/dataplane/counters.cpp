#include "dataplane/counters.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <array>
#include <cerrno>
#include <string>

namespace xvrrp::dataplane {
namespace {

// Indexed by enum xvrrp_counter; the static_assert below keeps it complete.
constexpr std::array<std::string_view, XVRRP_CNT_MAX> kNames = {
    "advert_accepted",
    "discard_d1_ttl",
    "discard_d2_version",
    "discard_d3_type",
    "discard_d4_truncated",
    "discard_d5_checksum",
    "discard_d6_vrid",
    "discard_d7_count_zero",
    "discard_d8_interval_zero",
    "discard_d9_not_link_local",
    "discard_d10_family",
    "discard_d12_peer",
    "discard_v1_auth",
    "discard_v2_interval",
    "discard_v3_addresses",
    "advert_rx",
    "advert_rearm",
    "event",
    "ringbuf_full",
    "csum_plain",
    "csum_pseudo",
    "owner_advert",
    "preempt_discard",
    "not_active",
    "own_advert",
    "v2_ignored",
    "master_down",
    "timer_error",
    "arp_reply",
    "arp_drop_not_master",
    "arp_drop_lease",
    "arp_conflict",
    "na_reply",
    "ns_drop_not_master",
    "ns_drop_lease",
    "na_conflict",
    "ns_invalid",
    "ns_bad_csum",
    "ns_no_room",
    "vmac_pass",
    "vmac_drop",
    "vlan_pass",
    "vrrp_malformed_ip",
    "ctl_arm",
    "ctl_cancel",
    "mdt_sweep",
    "egress_vip_pass",
    "egress_vmac_rewrite",
    "egress_nd_rewrite",
    "egress_nd_drop",
    "egress_data_drop",
    "accept_drop",
};

// Spot checks that the table did not slip against the enum.
static_assert(XVRRP_DISCARD_MAX == 15 && XVRRP_CNT_ADVERT_RX == 15, "discard block moved");
static_assert(XVRRP_CNT_MASTER_DOWN == 26 && XVRRP_CNT_CTL_CANCEL == 44,
              "counter enum changed: update kNames");
static_assert(XVRRP_CNT_EGRESS_VIP_PASS == 46 && XVRRP_CNT_MAX == 52,
              "counter enum changed: update kNames");

}  // namespace

std::string_view counter_name(xvrrp_counter counter) {
    const auto i = static_cast<size_t>(counter);
    return i < kNames.size() ? kNames[i] : std::string_view("unknown");
}

Result<uint64_t> read_percpu_sum(int fd, uint32_t index, std::string_view what) {
    const int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) {
        return errno_error(cpus, std::string(what) + ": cannot count possible CPUs");
    }
    std::vector<uint64_t> per_cpu(static_cast<size_t>(cpus));
    if (bpf_map_lookup_elem(fd, &index, per_cpu.data()) != 0) {
        return errno_error(errno, std::string(what) + ": cannot read a per-CPU counter");
    }
    uint64_t sum = 0;
    for (const uint64_t v : per_cpu) {
        sum += v;
    }
    return sum;
}

Result<std::vector<CounterValue>> read_counters(int fd, std::string_view where) {
    const int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) {
        return errno_error(cpus, std::string(where) + ": cannot count possible CPUs");
    }
    // One batch lookup for every counter (the controller reads them on
    // every housekeeping pass: one syscall, not XVRRP_CNT_MAX).
    std::vector<uint32_t> keys(XVRRP_CNT_MAX);
    std::vector<uint64_t> per_cpu(static_cast<size_t>(XVRRP_CNT_MAX) * static_cast<size_t>(cpus));
    uint32_t count = XVRRP_CNT_MAX;
    uint32_t out_batch = 0;
    const int rc =
        bpf_map_lookup_batch(fd, nullptr, &out_batch, keys.data(), per_cpu.data(), &count, nullptr);
    // ENOENT: the map ended within the batch (every entry returned).
    const bool whole = (rc == 0 || errno == ENOENT) && count == XVRRP_CNT_MAX;
    std::vector<CounterValue> out;
    out.reserve(XVRRP_CNT_MAX);
    for (uint32_t i = 0; i < XVRRP_CNT_MAX; ++i) {
        uint64_t sum = 0;
        if (whole && keys[i] == i) {
            for (int c = 0; c < cpus; ++c) {
                sum += per_cpu[static_cast<size_t>(i) * static_cast<size_t>(cpus) +
                               static_cast<size_t>(c)];
            }
        } else {
            // A kernel without batch lookups on arrays: one at a time.
            auto one = read_percpu_sum(fd, i, std::string(where) + " " + std::string(kNames[i]));
            if (!one) {
                return one.error();
            }
            sum = *one;
        }
        out.push_back(CounterValue{static_cast<xvrrp_counter>(i), kNames[i], sum});
    }
    return out;
}

}  // namespace xvrrp::dataplane
