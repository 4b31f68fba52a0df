#include "daemon/reload_plan.h"

#include <algorithm>

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
    for (auto& t : in.track_scripts) {
        t.where = {};
    }
    for (auto* c : {&in.notify.master, &in.notify.backup, &in.notify.fault, &in.notify.stop,
                    &in.notify.any}) {
        clear(*c);
    }
    return in;
}

const config::Instance* find(const std::vector<config::Instance>& list, const std::string& name) {
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const config::Instance& in) { return in.name == name; });
    return it == list.end() ? nullptr : &*it;
}

}  // namespace

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
