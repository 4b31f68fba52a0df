// How late the event loop runs a MASTER's advert timer after its deadline:
// the loop's own latency, counted by the loop into fixed buckets (one
// increment per advert, no allocation) and shown as the Prometheus
// histogram xvrrp_advert_timer_lateness_seconds. Pure.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace xvrrp::metrics {

struct Lateness {
    // Upper bounds in µs; one more bucket for anything later (+Inf).
    static constexpr std::array<uint64_t, 12> kBoundsUs{
        50, 100, 250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000};

    std::array<uint64_t, kBoundsUs.size() + 1> counts{};  // per bucket, not cumulative
    uint64_t sum_us = 0;

    void record(uint64_t late_us) {
        const auto it = std::lower_bound(kBoundsUs.begin(), kBoundsUs.end(), late_us);
        ++counts[static_cast<size_t>(it - kBoundsUs.begin())];
        sum_us += late_us;
    }
};

}  // namespace xvrrp::metrics
