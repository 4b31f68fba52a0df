#include "track/plan.h"

namespace xvrrp::track {

namespace {

// Index of `name` in plan.scripts, adding the script on first use.
std::optional<size_t> script_index(const config::Config& cfg, TrackingPlan& plan,
                                   const std::string& name) {
    for (size_t i = 0; i < plan.scripts.size(); ++i) {
        if (plan.scripts[i].name == name) {
            return i;
        }
    }
    const config::VrrpScript* s = cfg.find_script(name);
    if (s == nullptr) {
        return std::nullopt;
    }
    plan.scripts.push_back(*s);
    return plan.scripts.size() - 1;
}

// Index of `name` in `list`, adding `found` on first use.
template <typename T>
std::optional<size_t> object_index(std::vector<T>& list, const T* found, const std::string& name) {
    for (size_t i = 0; i < list.size(); ++i) {
        if (list[i].name == name) {
            return i;
        }
    }
    if (found == nullptr) {
        return std::nullopt;
    }
    list.push_back(*found);
    return list.size() - 1;
}

void add_objects(const config::Config& cfg, TrackingPlan& plan, InstanceTracking& t,
                 const std::vector<config::TrackedScript>& files,
                 const std::vector<config::TrackedScript>& procs) {
    for (const auto& tf : files) {
        if (auto i = object_index(plan.files, cfg.find_track_file(tf.name), tf.name)) {
            const auto& f = plan.files[*i];
            t.files.push_back(tf.weight ? ScriptWeight{*i, *tf.weight, tf.weight_reverse}
                                        : ScriptWeight{*i, f.weight, f.weight_reverse});
        }
    }
    for (const auto& tp : procs) {
        if (auto i = object_index(plan.processes, cfg.find_track_process(tp.name), tp.name)) {
            const auto& p = plan.processes[*i];
            t.processes.push_back(tp.weight ? ScriptWeight{*i, *tp.weight, tp.weight_reverse}
                                            : ScriptWeight{*i, p.weight, p.weight_reverse});
        }
    }
}

void add_groups(const config::Config& cfg, TrackingPlan& plan) {
    for (const auto& g : cfg.sync_groups) {
        GroupTracking group{g.name, {}, g.notify};
        for (const auto& member : g.members) {
            auto idx = plan.find_instance(member);
            if (!idx) {
                plan.warnings.push_back("vrrp_sync_group " + g.name + ": no vrrp_instance named '" +
                                        member + "', ignored");
            } else if (plan.instances[*idx].group) {
                plan.warnings.push_back("vrrp_sync_group " + g.name + ": vrrp_instance " + member +
                                        " is already in vrrp_sync_group " +
                                        plan.groups[*plan.instances[*idx].group].name +
                                        ", ignored here");
            } else {
                plan.instances[*idx].group = plan.groups.size();
                group.members.push_back(*idx);
                add_objects(cfg, plan, plan.instances[*idx], g.track_files, g.track_processes);
            }
        }
        plan.groups.push_back(std::move(group));
    }
}

// keepalived forbids differing priorities inside a sync group.
void zero_group_weights(TrackingPlan& plan) {
    for (auto& in : plan.instances) {
        if (!in.group) {
            continue;
        }
        bool changed = false;
        for (auto& s : in.scripts) {
            changed |= s.weight != 0;
            s.weight = 0;
        }
        for (auto& l : in.links) {
            changed |= l.weight != 0;
            l.weight = 0;
        }
        for (auto* list : {&in.files, &in.processes}) {
            for (auto& o : *list) {
                changed |= o.weight != 0;
                o.weight = 0;
            }
        }
        if (changed) {
            plan.warnings.push_back("vrrp_instance " + in.name + ": tracking weights ignored in " +
                                    "vrrp_sync_group " + plan.groups[*in.group].name +
                                    " (a failure means FAULT instead)");
        }
    }
}

}  // namespace

std::optional<size_t> TrackingPlan::find_instance(std::string_view name) const {
    for (size_t i = 0; i < instances.size(); ++i) {
        if (instances[i].name == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<size_t> TrackingPlan::find_group(std::string_view name) const {
    for (size_t i = 0; i < groups.size(); ++i) {
        if (groups[i].name == name) {
            return i;
        }
    }
    return std::nullopt;
}

TrackingPlan make_plan(const config::Config& cfg) {
    TrackingPlan plan;
    for (const auto& in : cfg.instances) {
        InstanceTracking t;
        t.name = in.name;
        t.base_priority = in.priority;
        t.notify = in.notify;
        t.notify_priority_changes = in.notify_priority_changes;
        if (!in.interface.empty()) {
            t.links.push_back(LinkWeight{in.interface, 0, false});
        }
        for (const auto& ti : in.track_interfaces) {
            t.links.push_back(LinkWeight{ti.name, ti.weight, ti.weight_reverse});
        }
        for (const auto& ts : in.track_scripts) {
            auto idx = script_index(cfg, plan, ts.name);
            if (!idx) {
                plan.warnings.push_back("vrrp_instance " + in.name + ": track_script " + ts.name +
                                        ": no vrrp_script of that name, ignored");
                continue;
            }
            const auto& s = plan.scripts[*idx];
            t.scripts.push_back(ts.weight ? ScriptWeight{*idx, *ts.weight, ts.weight_reverse}
                                          : ScriptWeight{*idx, s.weight, s.weight_reverse});
        }
        add_objects(cfg, plan, t, in.track_files, in.track_processes);
        plan.instances.push_back(std::move(t));
    }
    add_groups(cfg, plan);
    zero_group_weights(plan);
    return plan;
}

}  // namespace xvrrp::track
