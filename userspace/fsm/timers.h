// VRRP timer arithmetic (CONFORMANCE T1, T2), in whole microseconds.
//
// Integer division truncates, exactly as the RFC's formula does in its own
// unit; in microseconds the error is below 1 us (e.g. priority 100 / 10 cs:
// MDI 360.9375 ms is 360937 us).
#pragma once

#include <cstdint>

#include "proto/advert.h"

namespace xvrrp::fsm {

inline constexpr uint64_t kUsPerSecond = 1'000'000;
inline constexpr uint64_t kUsPerCentisecond = 10'000;

// Our configured interval (v3 centiseconds, v2 whole seconds) in microseconds.
constexpr uint64_t advert_interval_us(proto::Version version, uint16_t interval) {
    return version == proto::Version::V2 ? uint64_t{interval} * kUsPerSecond
                                         : uint64_t{interval} * kUsPerCentisecond;
}

// T1. v3 scales the skew with the master's interval; v2 (RFC 3768) uses a
// fixed second, whatever the interval.
constexpr uint64_t skew_time_us(proto::Version version, uint8_t priority,
                                uint64_t master_adver_interval_us) {
    const uint64_t weight = 256 - uint64_t{priority};
    if (version == proto::Version::V2) {
        return weight * kUsPerSecond / 256;
    }
    return weight * master_adver_interval_us / 256;
}

// T2.
constexpr uint64_t master_down_interval_us(proto::Version version, uint8_t priority,
                                           uint64_t master_adver_interval_us) {
    return 3 * master_adver_interval_us + skew_time_us(version, priority, master_adver_interval_us);
}

// Start-up listening period (not in the RFC; docs/state-machine.md): the
// first wait of a router that starts is its Master_Down_Interval with the
// skew computed as if the interval were at least this long. Skew_Time
// orders routers by priority, but at a 10 ms interval priorities 150 and
// 100 end their waits only 2 ms apart, far less than two routers started
// "together" differ; at 1 s they are 195 ms apart.
inline constexpr uint64_t kStartupSkewIntervalUs = kUsPerSecond;

// The first wait after start-up, counted from the process start. Never
// shorter than Master_Down_Interval, so with an interval of 1 s or more
// (and in v2, whose skew is already per second) it is exactly T2.
constexpr uint64_t startup_listen_us(proto::Version version, uint8_t priority,
                                     uint64_t advert_interval_us) {
    if (version == proto::Version::V2) {
        return master_down_interval_us(version, priority, advert_interval_us);
    }
    const uint64_t stretched =
        advert_interval_us > kStartupSkewIntervalUs ? advert_interval_us : kStartupSkewIntervalUs;
    const uint64_t listen = 3 * advert_interval_us + skew_time_us(version, priority, stretched);
    const uint64_t mdi = master_down_interval_us(version, priority, advert_interval_us);
    return listen > mdi ? listen : mdi;
}

}  // namespace xvrrp::fsm
