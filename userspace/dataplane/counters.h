// Names of the kernel's counters (abi.h enum xvrrp_counter) and reading the
// per-CPU "counters" map as one total per counter.
//
// The names are the one table `xvrrp stats`, the control socket and the
// Prometheus exporter print, so they are stable identifiers: snake_case,
// discard reasons prefixed with their CONFORMANCE.md rule ID.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "dataplane/result.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane {

// "advert_accepted", "discard_d5_checksum", "arp_reply", ...
std::string_view counter_name(xvrrp_counter counter);

struct CounterValue {
    xvrrp_counter counter;
    std::string_view name;
    uint64_t value;  // summed over every possible CPU
};

// Slot `index` of a per-CPU array of u64, summed over every possible CPU;
// `what` names it in errors.
Result<uint64_t> read_percpu_sum(int fd, uint32_t index, std::string_view what);

// Every counter, in enum order, summed over CPUs. `fd` is the "counters"
// map (per-CPU array of u64); `where` names the interface in errors.
Result<std::vector<CounterValue>> read_counters(int fd, std::string_view where);

}  // namespace xvrrp::dataplane
