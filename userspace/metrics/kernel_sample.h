// The kernel's side of a scrape, read on the scrape thread from the
// duplicated map handles of a Snapshot: every counter of each interface
// (summed over CPUs) and each router's remaining lease.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/counters.h"
#include "dataplane/router_key.h"
#include "metrics/snapshot.h"

namespace xvrrp::metrics {

struct LinkCounters {
    std::string interface;
    std::vector<dataplane::CounterValue> counters;  // enum order, every counter
};

struct KernelSample {
    std::vector<LinkCounters> links;  // interfaces whose counters could be read
    // Seconds of lease left (0 when none or run out), by interface and router.
    std::map<std::pair<std::string, dataplane::RouterKey>, double> lease_remaining_s;
};

// Reads what `snap` points at; an interface whose maps cannot be read is
// left out (its series disappear, as a target's do when it is down).
KernelSample read_kernel(const Snapshot& snap, uint64_t now_ns);

}  // namespace xvrrp::metrics
