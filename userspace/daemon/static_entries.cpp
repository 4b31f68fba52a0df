#include "daemon/static_entries.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "daemon/router_setup.h"

namespace xvrrp::daemon {

namespace {

using Addresses = std::map<std::string, std::vector<net::Vip>>;  // by device

Addresses addresses_of(const config::Config* c) {
    Addresses out;
    if (c) {
        for (const auto& a : c->static_addresses) {
            out[a.dev].emplace_back(a.addr, a.prefix_len, a.label);
        }
    }
    return out;
}

template <typename T>
std::vector<T> minus(const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out;
    for (const auto& x : a) {
        if (std::find(b.begin(), b.end(), x) == b.end()) {
            out.push_back(x);
        }
    }
    return out;
}

}  // namespace

void sync_static(Io& io, const config::Config* old, const config::Config* next) {
    static const config::Config none;
    const config::Config& from = old ? *old : none;
    const config::Config& to = next ? *next : none;
    const auto routes_from = net_routes(from.static_routes);
    const auto routes_to = net_routes(to.static_routes);
    const auto rules_from = net_rules(from.static_rules);
    const auto rules_to = net_rules(to.static_rules);
    const auto gone_routes = minus(routes_from, routes_to);
    const auto gone_rules = minus(rules_from, rules_to);
    if (!gone_routes.empty() || !gone_rules.empty()) {
        io.remove_routes(gone_routes, gone_rules);
    }
    const Addresses addr_from = addresses_of(old);
    Addresses addr_to = addresses_of(next);
    for (const auto& [dev, vips] : addr_from) {
        const auto gone = minus(vips, addr_to[dev]);
        if (!gone.empty()) {
            io.remove_vips(dev, gone);
        }
    }
    // Everything wanted is added again: adding is idempotent, and an entry
    // removed behind our back since the last time comes back.
    for (const auto& [dev, vips] : addr_to) {
        if (!vips.empty()) {
            io.add_vips(dev, vips);
        }
    }
    if (!routes_to.empty() || !rules_to.empty()) {
        io.add_routes(routes_to, rules_to);
    }
}

}  // namespace xvrrp::daemon
