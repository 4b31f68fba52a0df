// The checks that span blocks: script and instance names, duplicate VRIDs
// on one interface, sync group membership.
#include <map>
#include <tuple>

#include "config/builder.h"

namespace xvrrp::config::detail {

namespace {

void finish_scripts(Drafts& drafts, Config& cfg, Ctx& ctx) {
    for (auto& d : drafts.scripts) {
        if (!d.script.script.configured()) {
            ctx.diags.error(d.script.where, "vrrp_script " + d.script.name + ": missing 'script'");
        }
        d.script.timeout_s = d.timeout_s.value_or(d.script.interval_s);
        cfg.scripts.push_back(d.script);
    }
}

void check_track_scripts(const Config& cfg, Ctx& ctx) {
    for (const auto& in : cfg.instances) {
        for (const auto& t : in.track_scripts) {
            if (cfg.find_script(t.name) == nullptr) {
                ctx.diags.error(t.where, "track_script: no vrrp_script named '" + t.name + "'");
            }
        }
    }
}

void check_names(const std::vector<TrackedScript>& list, const char* what, bool file,
                 const Config& cfg, Ctx& ctx) {
    for (const auto& t : list) {
        const bool found = file ? cfg.find_track_file(t.name) != nullptr
                                : cfg.find_track_process(t.name) != nullptr;
        if (!found) {
            ctx.diags.error(t.where, std::string(what) + ": no " +
                                         (file ? "track_file" : "vrrp_track_process") + " named '" +
                                         t.name + "'");
        }
    }
}

void check_tracked_objects(const Config& cfg, Ctx& ctx) {
    for (const auto& in : cfg.instances) {
        check_names(in.track_files, "track_file", true, cfg, ctx);
        check_names(in.track_processes, "track_process", false, cfg, ctx);
    }
    for (const auto& g : cfg.sync_groups) {
        check_names(g.track_files, "track_file", true, cfg, ctx);
        check_names(g.track_processes, "track_process", false, cfg, ctx);
    }
}

// Two routers with one VRID and family on one link would be one router (S13).
void check_duplicate_vrids(const Config& cfg, Ctx& ctx) {
    std::map<std::tuple<std::string, Family, uint8_t>, const Instance*> seen;
    for (const auto& in : cfg.instances) {
        if (in.vrid == 0 || in.interface.empty()) {
            continue;  // already reported as missing
        }
        auto [it, fresh] = seen.emplace(std::tuple{in.interface, in.family, in.vrid}, &in);
        if (!fresh) {
            const Instance& first = *it->second;
            ctx.diags.error(in.vrid_where, "virtual_router_id " + std::to_string(in.vrid) + " (" +
                                               (in.family == Family::V4 ? "IPv4" : "IPv6") +
                                               ") on " + in.interface +
                                               " is already used by vrrp_instance " + first.name +
                                               " (" + to_string(first.vrid_where) + ")");
        }
    }
}

void finish_groups(Drafts& drafts, Config& cfg, Ctx& ctx) {
    std::map<std::string, std::pair<std::string, SourceRef>, std::less<>> owner;
    for (auto& d : drafts.groups) {
        SyncGroup& g = d.group;
        if (!d.has_group_block) {
            ctx.diags.error(g.where, "vrrp_sync_group " + g.name +
                                         ": missing 'group { }' listing its instances");
        }
        for (const auto& m : d.members) {
            if (cfg.find_instance(m.name) == nullptr) {
                ctx.diags.error(m.where, "vrrp_sync_group " + g.name +
                                             ": no vrrp_instance named '" + m.name + "'");
                continue;
            }
            auto [it, fresh] = owner.emplace(m.name, std::pair{g.name, m.where});
            if (!fresh) {
                ctx.diags.error(m.where, "vrrp_sync_group " + g.name + ": vrrp_instance " + m.name +
                                             " is already in vrrp_sync_group " + it->second.first +
                                             " (" + to_string(it->second.second) +
                                             "); an instance belongs to one group at most");
                continue;
            }
            g.members.push_back(m.name);
        }
        if (d.has_group_block && g.members.size() == 1) {
            ctx.diags.warning(g.where, "vrrp_sync_group " + g.name +
                                           " has only one instance; a sync group ties two or more");
        }
        cfg.sync_groups.push_back(g);
    }
}

}  // namespace

void finish(Drafts& drafts, Config& cfg, Ctx& ctx) {
    finish_scripts(drafts, cfg, ctx);
    cfg.track_files = drafts.track_files;
    for (const auto& d : drafts.track_processes) {
        cfg.track_processes.push_back(d.proc);
    }
    for (auto& d : drafts.instances) {
        cfg.instances.push_back(complete_instance(d, cfg.global, ctx));
    }
    check_track_scripts(cfg, ctx);
    check_duplicate_vrids(cfg, ctx);
    finish_groups(drafts, cfg, ctx);
    check_tracked_objects(cfg, ctx);
}

}  // namespace xvrrp::config::detail
