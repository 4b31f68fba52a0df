#include "daemon/reload_plan.h"

#include <algorithm>
#include <set>

#include "daemon/router_setup.h"

namespace xvrrp::daemon {

namespace {

void clear(config::ScriptCommand& c) {
    c.where = {};
}

config::Instance without_positions(config::Instance in) {
    in.where = {};
    in.interface_where = {};
    in.vrid_where = {};
    for (auto* list : {&in.vips, &in.excluded_vips}) {
        for (auto& v : *list) {
            v.where = {};
        }
    }
    for (auto& t : in.track_interfaces) {
        t.where = {};
    }
    for (auto& r : in.routes) {
        r.where = {};
    }
    for (auto& r : in.rules) {
        r.where = {};
    }
    for (auto* list : {&in.track_scripts, &in.track_files, &in.track_processes}) {
        for (auto& t : *list) {
            t.where = {};
        }
    }
    for (auto* c : {&in.notify.master, &in.notify.backup, &in.notify.fault, &in.notify.stop,
                    &in.notify.any, &in.notify.deleted}) {
        clear(*c);
    }
    return in;
}

const config::Instance* find(const std::vector<config::Instance>& list, const std::string& name) {
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const config::Instance& in) { return in.name == name; });
    return it == list.end() ? nullptr : &*it;
}

// What the instances on each interface put in its maps and filter.
struct LinkImage {
    std::map<proto::IpAddr, dataplane::RouterKey> vips;
    std::set<std::pair<dataplane::RouterKey, proto::IpAddr>> peers;
    std::set<dataplane::RouterKey> routers;
    std::set<proto::Mac> vmacs;
};

std::map<std::string, LinkImage> images(const std::vector<config::Instance>& list) {
    std::map<std::string, LinkImage> out;
    for (const auto& in : list) {
        LinkImage& img = out[in.interface];
        const auto key = router_key(in);
        img.routers.insert(key);
        if (!in.real_mac) {
            img.vmacs.insert(proto::vmac(in.family, in.vrid));
        }
        for (const auto& v : installed_vips(in, in.interface)) {
            img.vips[v.addr] = key;
        }
        for (const auto& p : in.unicast_peers) {
            img.peers.insert({key, p});
        }
    }
    return out;
}

template <typename T>
std::vector<T> minus(const std::set<T>& a, const std::set<T>& b) {
    std::vector<T> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

LinkChanges diff(const LinkImage& from, const LinkImage& to) {
    LinkChanges c;
    c.vmac_add = minus(to.vmacs, from.vmacs);
    c.vmac_delete = minus(from.vmacs, to.vmacs);
    for (const auto& [addr, owner] : to.vips) {
        auto was = from.vips.find(addr);
        if (was == from.vips.end()) {
            c.vip_put.push_back({addr, owner, std::nullopt});
        } else if (was->second != owner) {
            c.vip_put.push_back({addr, owner, was->second});
        }
    }
    for (const auto& [addr, owner] : from.vips) {
        if (!to.vips.contains(addr)) {
            c.vip_delete.push_back(addr);
        }
    }
    for (const auto& [router, addr] : minus(to.peers, from.peers)) {
        c.peer_add.push_back({router, addr});
    }
    for (const auto& [router, addr] : minus(from.peers, to.peers)) {
        c.peer_delete.push_back({router, addr});
    }
    c.router_delete = minus(from.routers, to.routers);
    return c;
}

}  // namespace

std::map<std::string, LinkChanges> link_changes(const std::vector<config::Instance>& running,
                                                const std::vector<config::Instance>& wanted) {
    const auto from = images(running);
    const auto to = images(wanted);
    std::set<std::string> names;
    for (const auto* side : {&from, &to}) {
        for (const auto& [name, img] : *side) {
            names.insert(name);
        }
    }
    static const LinkImage none;
    std::map<std::string, LinkChanges> out;
    for (const auto& name : names) {
        auto f = from.find(name);
        auto t = to.find(name);
        out[name] = diff(f == from.end() ? none : f->second, t == to.end() ? none : t->second);
    }
    return out;
}

bool same_settings(const config::Instance& a, const config::Instance& b) {
    return without_positions(a) == without_positions(b);
}

bool same_router(const config::Instance& a, const config::Instance& b) {
    return a.interface == b.interface && a.vrid == b.vrid && a.family == b.family;
}

ReloadPlan plan_reload(const std::vector<config::Instance>& running,
                       const std::vector<config::Instance>& wanted) {
    ReloadPlan plan;
    for (const auto& in : running) {
        const auto* next = find(wanted, in.name);
        if (!next) {
            plan.removed.push_back(in.name);
        } else if (same_settings(in, *next)) {
            plan.unchanged.push_back(in.name);
        } else {
            plan.changed.push_back(in.name);
        }
    }
    for (const auto& in : wanted) {
        if (!find(running, in.name)) {
            plan.added.push_back(in.name);
        }
    }
    return plan;
}

}  // namespace xvrrp::daemon
