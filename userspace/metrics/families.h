// The Prometheus view of xvrrp: a Snapshot of the controller and a
// KernelSample of its maps, as metric families (names, help, type, labels,
// values). Pure: the exposer thread calls it on every scrape, and the unit
// tests pin every name and label down. docs/operations.md ("Metrics") lists
// the same families for operators.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

#include "metrics/kernel_sample.h"
#include "metrics/snapshot.h"

namespace xvrrp::metrics {

struct BuildInfo {
    std::string version;   // the project version from CMake, "0.1.0"
    std::string revision;  // as `xvrrp --version`: read at build time; "unknown" outside git
};

// Label values: state "init" / "backup" / "master" / "fault"; transition
// reason "startup", "shutdown", "master_down", "preempted", "fault_raised",
// "fault_cleared", "sync_group".
std::string_view state_label(fsm::State state);
std::string_view reason_label(fsm::Reason reason);
std::string_view health_label(track::Health health);

// The CONFORMANCE.md rule ID under which the kernel counts `counter` as a
// discarded advert ("D1", "V3", "I3"), or "" for a counter that is not one.
std::string rule_of(xvrrp_counter counter);

std::vector<prometheus::MetricFamily> families(const BuildInfo& build, const Snapshot& snap,
                                               const KernelSample& kernel, double snapshot_age_s);

}  // namespace xvrrp::metrics
