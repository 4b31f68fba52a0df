// What each instance tracks, resolved from the configuration once: which
// vrrp_scripts and interfaces, with which weight, and which sync group it is
// in. Pure.
//
// keepalived's rules applied here:
//   - a track_script line's own `weight W [reverse]` overrides the script's;
//     without it the vrrp_script's weight and reverse apply;
//   - the instance's own interface is tracked with weight 0 (down = FAULT);
//   - in a vrrp_sync_group, tracking weights are forced to 0 so members
//     cannot end up with different priorities (keepalived does this for
//     interfaces and DROPS weighted scripts; xvrrp zeroes both, so a failing
//     script still counts, as a fault — see docs/tracking.md);
//   - only scripts that some instance tracks are run;
//   - track_file and track_process follow the same rules (a line's weight
//     overrides the block's); those of a vrrp_sync_group are tracked by
//     each member, with weight 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/model.h"

namespace xvrrp::track {

struct ScriptWeight {
    size_t script = 0;  // index into TrackingPlan::scripts
    int32_t weight = 0;
    bool reverse = false;
    friend bool operator==(const ScriptWeight&, const ScriptWeight&) = default;
};

struct LinkWeight {
    std::string ifname;
    int32_t weight = 0;
    bool reverse = false;
    friend bool operator==(const LinkWeight&, const LinkWeight&) = default;
};

struct InstanceTracking {
    std::string name;
    uint8_t base_priority = 100;
    std::vector<ScriptWeight> scripts;
    std::vector<ScriptWeight> files;      // `script` indexes TrackingPlan::files
    std::vector<ScriptWeight> processes;  // `script` indexes TrackingPlan::processes
    std::vector<LinkWeight> links;        // the instance's own interface first
    std::optional<size_t> group;          // index into TrackingPlan::groups
    config::NotifyScripts notify;
    bool notify_priority_changes = false;
};

struct GroupTracking {
    std::string name;
    std::vector<size_t> members;  // indexes into TrackingPlan::instances
    config::NotifyScripts notify;
};

struct TrackingPlan {
    std::vector<config::VrrpScript> scripts;      // the tracked ones, in configuration order
    std::vector<config::TrackFile> files;         // the tracked ones, in configuration order
    std::vector<config::TrackProcess> processes;  // the tracked ones, in configuration order
    std::vector<InstanceTracking> instances;      // in configuration order
    std::vector<GroupTracking> groups;
    std::vector<std::string> warnings;  // for the log, one line each

    std::optional<size_t> find_instance(std::string_view name) const;
    std::optional<size_t> find_group(std::string_view name) const;
};

TrackingPlan make_plan(const config::Config& cfg);

}  // namespace xvrrp::track
