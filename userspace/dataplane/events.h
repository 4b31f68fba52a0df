// What the XDP program tells the controller, as C++ values: the ring-buffer
// record (abi.h struct xvrrp_event) decoded into one of a few event types.
// Pure: bytes in, event out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "dataplane/router_key.h"
#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane {

// A valid advert that changes the controller's picture (the kernel already
// re-armed or left the timer as `timer_ns` says).
struct AdvertEvent {
    uint64_t timestamp_ns = 0;  // CLOCK_MONOTONIC
    RouterKey router;
    uint8_t version = 3;
    uint8_t priority = 0;
    uint8_t count = 0;
    xvrrp_csum_form csum_form = XVRRP_CSUM_NONE;
    uint8_t why = 0;        // XVRRP_WHY_* bits
    uint16_t interval = 0;  // as on the wire: v3 centiseconds, v2 seconds
    uint8_t state = 0;      // router state when the kernel decided (enum xvrrp_state)
    uint8_t vip_matches = 0;
    uint32_t ifindex = 0;
    proto::IpAddr source;
    std::array<uint8_t, 6> source_mac{};
    uint64_t timer_ns = 0;  // master-down delay the kernel armed, 0 = untouched

    bool has(uint8_t why_bit) const { return (why & why_bit) != 0; }
    // The advertised interval in microseconds (v2 seconds or v3 centiseconds).
    uint64_t interval_us() const {
        return version == 2 ? uint64_t{interval} * 1'000'000 : uint64_t{interval} * 10'000;
    }
};

// The master-down timer fired: no advert from the master in time.
struct MasterDownEvent {
    uint64_t timestamp_ns = 0;  // when the sweep reported it
    RouterKey router;
    uint8_t state = 0;
    uint64_t deadline_ns = 0;  // the deadline that passed; 0 from an older kernel object
};

// Someone else claims one of our VIPs while we are MASTER: a gratuitous ARP
// (IPv4) or unsolicited NA (IPv6) from another MAC.
struct ConflictEvent {
    uint64_t timestamp_ns = 0;
    RouterKey router;
    proto::IpAddr vip;
    std::array<uint8_t, 6> mac{};
    uint32_t ifindex = 0;
    bool is_arp() const { return router.family == proto::Family::V4; }
};

using Event = std::variant<AdvertEvent, MasterDownEvent, ConflictEvent>;

// nullopt for a record too short or of an unknown type (a newer kernel
// side): the reader counts and skips those.
std::optional<Event> decode_event(std::span<const uint8_t> record);

// The record for `event`, as the kernel would write it (tests, replay).
xvrrp_event encode_event(const Event& event);

}  // namespace xvrrp::dataplane
