// An instance's effective priority and whether it must be in FAULT, from the
// health of what it tracks: keepalived's arithmetic. Pure.
//
// For a tracked object with weight W (multiplier m = -1 with `reverse`, else 1):
//   W = 0: the instance is in FAULT while the object is down (while it is up
//          with `reverse`);
//   W > 0: W*m is added while the object is up;
//   W < 0: W*m is added (|W| subtracted, or added with `reverse`) while it is down.
// The result is clamped to 1..254; an address owner (base priority 255) keeps
// 255 whatever the weights (weight-0 faults still apply). A script that has
// not reported yet counts for nothing, except that a weight-0 one makes the
// verdict `pending`: keepalived does not start such an instance until every
// weight-0 script has reported once. A track_process counts as a script; a
// track_file adds value × weight (track/file_value.h).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "track/plan.h"
#include "track/script_health.h"

namespace xvrrp::track {

struct Verdict {
    uint8_t priority = 0;
    bool fault = false;
    bool pending = false;
    std::string why;  // the first reason for the fault, for logs and status
    friend bool operator==(const Verdict&, const Verdict&) = default;
};

// `link_up(name)`: the link exists, is up and has carrier.
using LinkLookup = std::function<bool(const std::string&)>;

// `health[i]` is the health of plan.scripts[i]; `file_values[i]` the
// number in plan.files[i] (track/file_value.h) and `process_health[i]` the
// state of plan.processes[i] (missing entries: 0 and Unknown).
Verdict compute_verdict(const TrackingPlan& plan, size_t instance, std::span<const Health> health,
                        const LinkLookup& link_up, std::span<const int64_t> file_values = {},
                        std::span<const Health> process_health = {});

}  // namespace xvrrp::track
