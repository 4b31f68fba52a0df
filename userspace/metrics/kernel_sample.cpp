#include "metrics/kernel_sample.h"

#include <bpf/bpf.h>

namespace xvrrp::metrics {

namespace {

const LinkMaps* maps_of(const Snapshot& snap, const std::string& ifname) {
    for (const auto& l : snap.links) {
        if (l && l->interface == ifname) {
            return l.get();
        }
    }
    return nullptr;
}

std::optional<double> lease_left(const LinkMaps& maps, dataplane::RouterKey key, uint64_t now_ns) {
    const uint32_t slot = dataplane::router_slot(key);
    xvrrp_router r{};
    if (bpf_map_lookup_elem(maps.routers.get(), &slot, &r) != 0 || r.present == 0) {
        return std::nullopt;
    }
    if (r.lease_expires_ns <= now_ns) {
        return 0.0;
    }
    return static_cast<double>(r.lease_expires_ns - now_ns) / 1e9;
}

}  // namespace

KernelSample read_kernel(const Snapshot& snap, uint64_t now_ns) {
    KernelSample out;
    for (const auto& l : snap.links) {
        if (!l) {
            continue;
        }
        auto counters = dataplane::read_counters(l->counters.get(), l->interface);
        if (counters) {
            out.links.push_back(LinkCounters{l->interface, std::move(counters).value()});
        }
    }
    for (const auto& inst : snap.instances) {
        const LinkMaps* maps = maps_of(snap, inst.interface);
        if (!maps) {
            continue;
        }
        if (auto left = lease_left(*maps, inst.key, now_ns)) {
            out.lease_remaining_s[{inst.interface, inst.key}] = *left;
        }
    }
    return out;
}

}  // namespace xvrrp::metrics
