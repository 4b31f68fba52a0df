// The writer's half of abi.h's open-addressed "vip4" table, on the map's
// mmap (XVRRP_VIP4_SLOTS 64-bit slots). Shared by the controller
// (dataplane::Maps), the BPF test harness and the benches, so every writer
// places entries exactly where bpf/maps.h vip4_owner() probes.
//
// Every slot is written with one aligned 64-bit atomic store, and an entry is
// written at its new place before its old place is cleared: the XDP program,
// reading concurrently, sees each entry whole, at one place or the other,
// never absent. One writer at a time (the controller owning the pin folder).
#pragma once

#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

#include "xvrrp/abi.h"

namespace xvrrp::vip4_table {

static_assert(std::endian::native == std::endian::little,
              "bpf/maps.h reads the slot's owner as bits 32-39 of a 64-bit load");

constexpr uint32_t kMask = XVRRP_VIP4_SLOTS - 1;

// The address as bpf/maps.h reads it: 4 bytes in host order.
inline uint32_t key_of(const uint8_t* addr4) {
    uint32_t a = 0;
    std::memcpy(&a, addr4, 4);
    return a;
}

inline uint64_t pack(uint32_t addr, uint8_t vrid) {
    xvrrp_vip4_slot s{};
    std::memcpy(s.addr, &addr, 4);
    s.vrid = vrid;
    uint64_t v = 0;
    std::memcpy(&v, &s, sizeof v);
    return v;
}
inline uint32_t addr_of(uint64_t v) {
    return static_cast<uint32_t>(v);
}
inline uint8_t vrid_of(uint64_t v) {
    return static_cast<uint8_t>(v >> 32);
}

inline uint64_t load(const uint64_t* t, uint32_t i) {
    return __atomic_load_n(&t[i & kMask], __ATOMIC_ACQUIRE);
}
inline void store(uint64_t* t, uint32_t i, uint64_t v) {
    __atomic_store_n(&t[i & kMask], v, __ATOMIC_RELEASE);
}

// The slot holding `addr`, if any.
inline std::optional<uint32_t> find(const uint64_t* t, uint32_t addr) {
    const uint32_t home = xvrrp_vip4_home(addr);
    for (uint32_t d = 0; d < XVRRP_VIP4_PROBES; ++d) {
        const uint64_t v = load(t, home + d);
        if (vrid_of(v) == 0) {
            return std::nullopt;
        }
        if (addr_of(v) == addr) {
            return (home + d) & kMask;
        }
    }
    return std::nullopt;
}

// Adds `addr` owned by `vrid` (1-255), or moves it to that owner. 0, or
// -ENOSPC when its probe run is full (the caller names the VIP).
inline int add(uint64_t* t, uint32_t addr, uint8_t vrid) {
    if (auto at = find(t, addr)) {
        store(t, *at, pack(addr, vrid));
        return 0;
    }
    const uint32_t home = xvrrp_vip4_home(addr);
    for (uint32_t d = 0; d < XVRRP_VIP4_PROBES; ++d) {
        if (vrid_of(load(t, home + d)) == 0) {
            store(t, home + d, pack(addr, vrid));
            return 0;
        }
    }
    return -ENOSPC;
}

// Removes `addr` (absent is fine) by backward shift: each later entry of the
// run that may move into the hole is copied there first, then the last hole
// is cleared. Entries only move towards their home, so probe runs never grow.
inline void remove(uint64_t* t, uint32_t addr) {
    const auto at = find(t, addr);
    if (!at) {
        return;
    }
    uint32_t hole = *at;
    for (uint32_t j = (hole + 1) & kMask; j != *at; j = (j + 1) & kMask) {
        const uint64_t v = load(t, j);
        if (vrid_of(v) == 0) {
            break;
        }
        const uint32_t home = xvrrp_vip4_home(addr_of(v));
        if (((j - home) & kMask) >= ((j - hole) & kMask)) {
            store(t, hole, v);
            hole = j;
        }
    }
    store(t, hole, 0);
}

}  // namespace xvrrp::vip4_table
