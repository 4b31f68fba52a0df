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

}  // namespace xvrrp::fsm
