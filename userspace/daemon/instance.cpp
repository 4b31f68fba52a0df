#include "daemon/instance.h"

#include "daemon/router_setup.h"
#include "proto/frames.h"

namespace xvrrp::daemon {

namespace {

// GARP for IPv4 VIPs, unsolicited NA for IPv6 ones (A4); an IPv6 VIP with no
// link-local source gets none (logged by the caller at startup).
std::vector<std::vector<uint8_t>> build_gratuitous(const config::Instance& in,
                                                   const std::optional<proto::IpAddr>& ll,
                                                   const proto::Mac& mac) {
    std::vector<std::vector<uint8_t>> out;
    auto announce = [&](const config::VirtualAddress& v) {
        if (v.addr.is_v4()) {
            out.push_back(proto::build_garp(mac, v.addr));
        } else if (ll) {
            out.push_back(proto::build_unsolicited_na(mac, v.addr, *ll));
        }
    };
    for (const auto& v : in.vips) {
        announce(v);
    }
    // keepalived announces the excluded addresses too; here those on the
    // router's own interface, where the XDP program answers for them.
    for (const auto& v : in.excluded_vips) {
        if (dev_of(in, v) == in.interface) {
            announce(v);
        }
    }
    return out;
}

}  // namespace

proto::Mac frame_mac(const config::Instance& in, const proto::Mac& link_mac) {
    return in.real_mac ? link_mac : proto::vmac(in.family, in.vrid);
}

net::GarpTiming garp_timing(const config::GarpPolicy& policy) {
    net::GarpTiming t;
    t.delay_us = uint64_t{policy.master_delay_s} * 1'000'000;
    t.repeat = policy.master_repeat;
    t.refresh_us = uint64_t{policy.master_refresh_s} * 1'000'000;
    t.refresh_repeat = policy.master_refresh_repeat;
    return t;
}

Instance::Instance(uint32_t id, config::Instance cfg, const proto::IpAddr& primary,
                   std::optional<proto::IpAddr> link_local, const proto::Mac& link_mac)
    : id_(id),
      cfg_(std::move(cfg)),
      key_(router_key(cfg_)),
      primary_(primary),
      link_local_(std::move(link_local)),
      mac_(frame_mac(cfg_, link_mac)),
      fsm_(router_config(cfg_, primary_)),
      frames_(fsm_.config(), cfg_, mac_),
      garp_(garp_timing(cfg_.garp)),
      gratuitous_(build_gratuitous(cfg_, link_local_, mac_)) {}

std::string Instance::describe() const {
    return daemon::describe(cfg_);
}

logctx::Fields Instance::log_fields() const {
    return {cfg_.name, cfg_.interface, cfg_.vrid, std::string(fsm::to_string(fsm_.state())), {}};
}

}  // namespace xvrrp::daemon
