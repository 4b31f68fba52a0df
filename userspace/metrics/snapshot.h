// What the controller hands the metrics endpoint: plain values copied out of
// the loop's state (instances, scripts, notify queue) plus duplicated,
// read-only handles on each interface's kernel maps, which the scrape thread
// reads itself so the loop never waits on a syscall for a scrape.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/fd.h"
#include "dataplane/router_key.h"
#include "fsm/action.h"
#include "metrics/lateness.h"
#include "track/script_health.h"

namespace xvrrp::metrics {

inline constexpr size_t kReasonCount = static_cast<size_t>(fsm::Reason::SyncGroup) + 1;

struct InstanceSample {
    std::string name;
    std::string interface;
    dataplane::RouterKey key;
    fsm::State state = fsm::State::Init;
    int priority = 0;                                  // configured
    int effective_priority = 0;                        // after tracking (vrrp_script weights, ...)
    std::array<uint64_t, kReasonCount> transitions{};  // by fsm::Reason
    uint64_t adverts_sent = 0;
    uint64_t master_entries = 0;
};

struct ScriptSample {
    std::string name;
    track::Health health = track::Health::Unknown;
};

// One interface's "counters" and "vrid" maps, dup()ed for the scrape thread:
// the loop may detach the link (closing its own handles) while a scrape reads.
struct LinkMaps {
    std::string interface;
    Fd counters;
    Fd routers;
};

struct Snapshot {
    std::vector<InstanceSample> instances;
    std::vector<ScriptSample> scripts;
    uint64_t notify_waiting = 0;  // notify scripts queued, not yet started
    Lateness advert_lateness;     // since the controller started
    std::vector<std::shared_ptr<const LinkMaps>> links;
    uint64_t taken_ns = 0;  // CLOCK_MONOTONIC when the loop copied it
    uint64_t build_ns = 0;  // the loop's time on it, from take_request() to publish()
};

}  // namespace xvrrp::metrics
