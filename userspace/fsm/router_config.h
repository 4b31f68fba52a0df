// The settings of one virtual router: one VRID in one address family (S13).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "proto/address.h"
#include "proto/advert.h"

namespace xvrrp::fsm {

inline constexpr uint8_t kOwnerPriority = 255;

struct RouterConfig {
    uint8_t vrid = 0;  // 1-255
    proto::Family family = proto::Family::V4;
    proto::Version version = proto::Version::V3;  // v2 is IPv4 only
    uint8_t priority = 100;                       // 1-255; 255 = address owner
    uint16_t advert_interval = 100;               // v3 centiseconds (1-4095), v2 seconds (1-255)
    bool preempt = true;                          // ignored by the owner, which always preempts
    uint64_t preempt_delay_us =
        0;  // S12: no preemption this long after startup (keepalived: us resolution)
    bool accept_mode = false;         // carried for the data plane; no FSM logic
    std::vector<proto::IpAddr> vips;  // all of `family`, at least one
    proto::IpAddr primary;            // our advert source (S10 tie-break), of `family`
};

// Empty when usable; otherwise what is wrong, naming the VRID and the field.
std::string validate(const RouterConfig& config);

}  // namespace xvrrp::fsm
