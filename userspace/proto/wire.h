// Big-endian field helpers shared by the codec and the frame builders
// (internal to proto/; callers outside use codec.h and frames.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "proto/address.h"

namespace xvrrp::proto::wire {

inline void put_u8(std::vector<uint8_t>& out, uint8_t v) {
    out.push_back(v);
}

inline void put_u16(std::vector<uint8_t>& out, uint16_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
}

inline void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    put_u16(out, static_cast<uint16_t>(v >> 16));
    put_u16(out, static_cast<uint16_t>(v));
}

inline void put_bytes(std::vector<uint8_t>& out, std::span<const uint8_t> b) {
    out.insert(out.end(), b.begin(), b.end());
}

inline void put_addr(std::vector<uint8_t>& out, const IpAddr& a) {
    put_bytes(out, {a.data(), a.size()});
}

// Overwrites two bytes at `at` (a checksum filled in after the fact).
inline void store_u16(std::vector<uint8_t>& out, size_t at, uint16_t v) {
    out[at] = static_cast<uint8_t>(v >> 8);
    out[at + 1] = static_cast<uint8_t>(v);
}

// Callers check the length first.
inline uint16_t load_u16(std::span<const uint8_t> in, size_t at) {
    return static_cast<uint16_t>((in[at] << 8) | in[at + 1]);
}

// The address of `family` starting at in[at]; callers check the length first.
inline IpAddr load_addr(std::span<const uint8_t> in, size_t at, Family family) {
    if (family == Family::V4) {
        return IpAddr::v4({in[at], in[at + 1], in[at + 2], in[at + 3]});
    }
    std::array<uint8_t, 16> b{};
    for (size_t i = 0; i < b.size(); ++i) {
        b[i] = in[at + i];
    }
    return IpAddr::v6(b);
}

}  // namespace xvrrp::proto::wire
