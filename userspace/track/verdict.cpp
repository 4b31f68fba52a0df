#include "track/verdict.h"

#include <algorithm>

namespace xvrrp::track {

namespace {

constexpr int kOwner = 255;

void fault(Verdict& v, std::string why) {
    if (!v.fault) {
        v.fault = true;
        v.why = std::move(why);
    }
}

// The contribution of one tracked object that is up or down.
int weighted(int32_t weight, bool reverse, bool up) {
    const int m = reverse ? -1 : 1;
    if (up && weight > 0) {
        return weight * m;
    }
    if (!up && weight < 0) {
        return weight * m;
    }
    return 0;
}

}  // namespace

Verdict compute_verdict(const TrackingPlan& plan, size_t instance, std::span<const Health> health,
                        const LinkLookup& link_up) {
    const InstanceTracking& in = plan.instances.at(instance);
    Verdict v;
    int delta = 0;
    for (const auto& l : in.links) {
        const bool up = link_up(l.ifname);
        if (l.weight != 0) {
            delta += weighted(l.weight, l.reverse, up);
        } else if (up == l.reverse) {
            fault(v, "interface " + l.ifname + (up ? " is up (tracked reverse)" : " is down"));
        }
    }
    for (const auto& s : in.scripts) {
        const Health h = health[s.script];
        const std::string& name = plan.scripts[s.script].name;
        if (h == Health::Unknown) {
            v.pending = v.pending || s.weight == 0;
            continue;
        }
        const bool up = h == Health::Up;
        if (s.weight != 0) {
            delta += weighted(s.weight, s.reverse, up);
        } else if (up == s.reverse) {
            fault(v, "vrrp_script " + name + (up ? " is up (tracked reverse)" : " failed"));
        }
    }
    v.priority = in.base_priority == kOwner
                     ? static_cast<uint8_t>(kOwner)
                     : static_cast<uint8_t>(std::clamp(int{in.base_priority} + delta, 1, 254));
    return v;
}

}  // namespace xvrrp::track
