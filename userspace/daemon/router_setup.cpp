#include "daemon/router_setup.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include <algorithm>

namespace xvrrp::daemon {

const std::string& dev_of(const config::Instance& in, const config::VirtualAddress& v) {
    return v.dev.empty() ? in.interface : v.dev;
}

namespace {

net::Vip to_vip(const config::VirtualAddress& v) {
    net::Vip vip;
    vip.addr = v.addr;
    vip.prefix_len = v.prefix_len;
    // The kernel refuses an IPv4 label that does not start with the
    // interface name; keepalived passes it through the same way.
    vip.label = v.addr.is_v4() ? v.label : std::string();
    return vip;
}

}  // namespace

fsm::RouterConfig router_config(const config::Instance& in, const proto::IpAddr& primary) {
    fsm::RouterConfig rc;
    rc.vrid = in.vrid;
    rc.family = in.family;
    rc.version = in.version;
    rc.priority = in.priority;
    rc.advert_interval = in.wire_advert_int();
    rc.preempt = in.preempt;
    rc.preempt_delay_us = uint64_t{in.preempt_delay_ms} * 1000;
    rc.accept_mode = in.accept;
    rc.vips = advertised_vips(in);
    rc.primary = primary;
    return rc;
}

dataplane::RouterKey router_key(const config::Instance& in) {
    return dataplane::RouterKey{in.vrid, in.family};
}

std::vector<proto::IpAddr> advertised_vips(const config::Instance& in) {
    std::vector<proto::IpAddr> out;
    out.reserve(in.vips.size());
    for (const auto& v : in.vips) {
        out.push_back(v.addr);
    }
    return out;
}

std::vector<net::Vip> installed_vips(const config::Instance& in, const std::string& ifname) {
    std::vector<net::Vip> out;
    for (const auto* list : {&in.vips, &in.excluded_vips}) {
        for (const auto& v : *list) {
            if (dev_of(in, v) == ifname) {
                out.push_back(to_vip(v));
            }
        }
    }
    return out;
}

std::vector<std::string> vip_interfaces(const config::Instance& in) {
    std::vector<std::string> out{in.interface};
    for (const auto* list : {&in.vips, &in.excluded_vips}) {
        for (const auto& v : *list) {
            if (std::find(out.begin(), out.end(), dev_of(in, v)) == out.end()) {
                out.push_back(dev_of(in, v));
            }
        }
    }
    return out;
}

std::vector<net::Route> net_routes(const std::vector<config::Route>& routes) {
    std::vector<net::Route> out;
    for (const auto& r : routes) {
        net::Route n;
        n.dst = r.dst.addr;
        n.dst_len = r.dst.len;
        n.via = r.via;
        n.src = r.src;
        n.dev = r.dev;
        n.table = r.table;
        n.metric = r.metric;
        n.scope = r.scope;
        n.protocol = r.protocol;
        switch (r.type) {
            case config::RouteType::Unicast:
                n.type = RTN_UNICAST;
                break;
            case config::RouteType::Blackhole:
                n.type = RTN_BLACKHOLE;
                break;
            case config::RouteType::Unreachable:
                n.type = RTN_UNREACHABLE;
                break;
            case config::RouteType::Prohibit:
                n.type = RTN_PROHIBIT;
                break;
        }
        out.push_back(std::move(n));
    }
    return out;
}

std::vector<net::Rule> net_rules(const std::vector<config::Rule>& rules) {
    std::vector<net::Rule> out;
    for (const auto& r : rules) {
        net::Rule n;
        n.family = r.family;
        // `from all` is no selector at all, as `ip rule` sends it.
        if (r.from && r.from->len > 0) {
            n.from = r.from->addr;
            n.from_len = r.from->len;
        }
        if (r.to && r.to->len > 0) {
            n.to = r.to->addr;
            n.to_len = r.to->len;
        }
        switch (r.action) {
            case config::RuleAction::Lookup:
                n.action = FR_ACT_TO_TBL;
                break;
            case config::RuleAction::Blackhole:
                n.action = FR_ACT_BLACKHOLE;
                break;
            case config::RuleAction::Unreachable:
                n.action = FR_ACT_UNREACHABLE;
                break;
            case config::RuleAction::Prohibit:
                n.action = FR_ACT_PROHIBIT;
                break;
        }
        n.table = r.table;
        n.priority = r.priority;
        n.fwmark = r.fwmark;
        n.fwmask = r.fwmask;
        n.iif = r.iif;
        n.oif = r.oif;
        out.push_back(std::move(n));
    }
    return out;
}

std::string describe(const config::Instance& in) {
    return in.interface + " VRID " + std::to_string(in.vrid) +
           (in.family == proto::Family::V4 ? " (IPv4)" : " (IPv6)");
}

}  // namespace xvrrp::daemon
