// The segment the XDP fuzzer's frames arrive on: the routers, VIPs, unicast
// peers and interface a controller would have written into the maps. The
// input's first two bytes pick each router's state and the lease, so one
// frame is judged in every state a controller can leave the kernel in.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "proto/address.h"
#include "proto/frames.h"
#include "xdp_harness.h"
#include "xvrrp/abi.h"

namespace xvrrp::xdpfuzz {

using bpftest::XdpHarness;
using proto::Family;
using proto::IpAddr;
using proto::Mac;

IpAddr addr(const char* text);

inline constexpr Mac kOurMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
inline constexpr Mac kPeerMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
inline constexpr Mac kClientMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0c};
inline constexpr uint32_t kIfindex = 1;  // the harness runs frames as received on lo

// VRID 10 (v4 + v6, v3), 20 (v4, v2 with PASS auth), 30 (v4 + v6, unicast),
// 40 (v6, address owner, 255). VRID 99 owns VIPs but has no router entry.
inline constexpr uint8_t kVridA = 10, kVridB = 20, kVridC = 30, kVridOwner = 40, kVridGone = 99;

struct Vip {
    IpAddr addr;
    uint8_t vrid;
};
const std::vector<Vip>& vips();

struct Peer {
    uint8_t vrid;
    IpAddr addr;
};
const std::vector<Peer>& unicast_peers();

struct Router {
    uint8_t vrid;
    Family family;
    xvrrp_router r;
};

enum class Lease : uint8_t { Fresh, Expired, None };

struct World {
    std::vector<Router> routers;
    Lease lease = Lease::Fresh;

    const xvrrp_router* find(uint8_t vrid, Family family) const;
    // The router key a VIP maps to (nullopt: not a VIP).
    std::optional<uint8_t> owner(const IpAddr& a) const;
};

// w0: bits 0-1 state of 10/v4, 2-3 of 10/v6, 4-5 the lease (fresh, run
// out, none, fresh), 6-7 of 20/v4. w1: bits 0-1 of 30/v4, 2-3 of 30/v6,
// 4 a known master recorded in every router, 5 skip_ttl_check on 30,
// 6 accept_v2_v3 on 10 and 20, 7 preempt off on 10.
World make_world(uint8_t w0, uint8_t w1, uint64_t now_ns);

// What stays the same for every input: interface, VIPs, peers.
void install_static(XdpHarness& h);
// The routers, written whole as the controller does, and their timer slots
// cleared so no deadline armed by an earlier frame fires later.
void install(XdpHarness& h, const World& w);

}  // namespace xvrrp::xdpfuzz
