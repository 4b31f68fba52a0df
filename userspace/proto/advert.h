// A VRRP advertisement (v2 or v3), decoded from or encoded to wire bytes.
//
// The type is shared by the codec (this directory), the state machine
// (userspace/fsm) and the BPF fixture tests; it carries no I/O and no clock.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::proto {

enum class Version : uint8_t { V2 = 2, V3 = 3 };

enum class AuthType : uint8_t { None = 0, Pass = 1 };

struct Advert {
    Version version = Version::V3;
    Family family = Family::V4;
    uint8_t vrid = 0;
    uint8_t priority = 100;
    // v3: Max Adver Int in centiseconds (12 bits, 1-4095).
    // v2: Adver Int in whole seconds (8 bits); kept in this same field, in
    //     seconds, so the value is always exactly what was on the wire.
    uint16_t interval = 100;
    AuthType auth_type = AuthType::None;            // v2 only
    std::array<uint8_t, XVRRP_V2_AUTH_LEN> auth{};  // v2 only, zero-padded
    std::vector<IpAddr> addresses{};                // all of `family`

    // The advertised interval in microseconds, whatever the version
    // (v2 seconds or v3 centiseconds).
    uint64_t interval_us() const {
        return version == Version::V2 ? uint64_t{interval} * 1'000'000
                                      : uint64_t{interval} * 10'000;
    }

    friend bool operator==(const Advert&, const Advert&) = default;
};

}  // namespace xvrrp::proto
