#include "track/verdict.h"

#include <algorithm>

#include "track/file_value.h"

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
                        const LinkLookup& link_up, std::span<const int64_t> file_values,
                        std::span<const Health> process_health) {
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
    for (const auto& p : in.processes) {
        const Health h =
            p.script < process_health.size() ? process_health[p.script] : Health::Unknown;
        if (h == Health::Unknown) {
            v.pending = v.pending || p.weight == 0;
            continue;
        }
        const bool up = h == Health::Up;
        if (p.weight != 0) {
            delta += weighted(p.weight, p.reverse, up);
        } else if (up == p.reverse) {
            fault(v, "track_process " + plan.processes[p.script].name +
                         (up ? " is running (tracked reverse)" : " is not running"));
        }
    }
    for (const auto& f : in.files) {
        const int64_t value = f.script < file_values.size() ? file_values[f.script] : 0;
        const FileEffect e = file_effect(value, f.weight, f.reverse);
        if (e.fault) {
            fault(v, "track_file " + plan.files[f.script].name + " reads " + std::to_string(value));
        }
        delta += static_cast<int>(std::clamp<int64_t>(e.delta, -253, 253));
    }
    v.priority = in.base_priority == kOwner
                     ? static_cast<uint8_t>(kOwner)
                     : static_cast<uint8_t>(std::clamp(int{in.base_priority} + delta, 1, 254));
    return v;
}

}  // namespace xvrrp::track
