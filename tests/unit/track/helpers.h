// Small configuration builders for the tracking tests.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "config/model.h"
#include "track/plan.h"
#include "track/verdict.h"

namespace track_test {

inline xvrrp::config::VrrpScript script(std::string name, int32_t weight = 0,
                                        bool reverse = false) {
    xvrrp::config::VrrpScript s;
    s.name = std::move(name);
    s.script.command = "/bin/true";
    s.weight = weight;
    s.weight_reverse = reverse;
    return s;
}

inline xvrrp::config::Instance instance(std::string name, uint8_t priority = 100,
                                        std::string ifname = "eth0") {
    xvrrp::config::Instance in;
    in.name = std::move(name);
    in.priority = priority;
    in.interface = std::move(ifname);
    in.vrid = 1;
    return in;
}

inline void track(xvrrp::config::Instance& in, std::string script,
                  std::optional<int32_t> weight = std::nullopt, bool reverse = false) {
    in.track_scripts.push_back({std::move(script), weight, reverse, {}});
}

inline void track_if(xvrrp::config::Instance& in, std::string ifname, int32_t weight = 0,
                     bool reverse = false) {
    in.track_interfaces.push_back({std::move(ifname), weight, reverse, {}});
}

inline xvrrp::track::LinkLookup links_up(std::set<std::string> up) {
    return [up = std::move(up)](const std::string& name) { return up.count(name) > 0; };
}

}  // namespace track_test
