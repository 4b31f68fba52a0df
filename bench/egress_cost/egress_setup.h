// What the egress benches share: the maps of a gateway with 255 routers per
// family (MASTER, fresh lease, one VIP each) and the frames that leave it.
// Used by egress_cost (BPF_PROG_TEST_RUN) and egress_flood (a veth flood).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "proto/address.h"
#include "proto/frames.h"
#include "test_run.h"
#include "tool.h"
#include "xvrrp/abi.h"

namespace xvrrp::bench::egress {

namespace p = xvrrp::proto;
using p::Family;
using p::IpAddr;
using p::Mac;

inline constexpr int kRouters = 255;   // per family, one VIP each
inline constexpr uint8_t kVrid = 200;  // the VIP the "from a VIP" frames come from
inline const Mac kOurMac = {0x02, 0, 0, 0, 0, 0x01};
inline const Mac kClientMac = {0x02, 0, 0, 0, 0, 0x0c};

inline IpAddr ip(const std::string& text) {
    return IpAddr::parse(text).value();
}

// VRID n's VIP: 198.18.0.n and 2001:db8:1::n (n in hex).
inline IpAddr vip(Family f, int n) {
    char text[64];
    if (f == Family::V4) {
        std::snprintf(text, sizeof text, "198.18.0.%d", n);
    } else {
        std::snprintf(text, sizeof text, "2001:db8:1::%x", n);
    }
    return ip(text);
}

inline void expect(bool ok, const std::string& what) {
    if (!ok) {
        die("check failed: " + what, EINVAL);
    }
}

struct VipMaps {
    bpf_map* vrid;
    bpf_map* vip4;
    bpf_map* vip6;
};

inline void populate(const VipMaps& m) {
    const uint64_t lease = uint64_t(mono_ns()) + 3600ull * 1'000'000'000;
    for (Family f : {Family::V4, Family::V6}) {
        const uint8_t fam = f == Family::V4 ? XVRRP_FAMILY_V4 : XVRRP_FAMILY_V6;
        for (int n = 1; n <= kRouters; ++n) {
            xvrrp_router r{};
            r.state = XVRRP_STATE_MASTER;
            r.priority = 100;
            r.version = 3;
            r.adver_int_cs = 100;
            r.vip_count = 1;
            r.lease_expires_ns = lease;
            r.present = 1;
            const xvrrp_router_key key{uint8_t(n), fam, {0, 0}};
            const uint32_t slot = XVRRP_ROUTER_SLOT(key.vrid, key.family);
            update(m.vrid, &slot, &r);
            if (f == Family::V4) {
                add_vip4(m.vip4, vip(f, n).data(), key.vrid);
            } else {
                update(m.vip6, vip(f, n).data(), &key);
            }
        }
    }
}

// Ethernet + IPv4/IPv6 + a TCP SYN header (checksums left zero: nothing here
// reads them).
inline std::vector<uint8_t> tcp_frame(const Mac& src_mac, const IpAddr& src, const IpAddr& dst) {
    std::vector<uint8_t> f(kClientMac.begin(), kClientMac.end());
    f.insert(f.end(), src_mac.begin(), src_mac.end());
    const bool v4 = src.family() == Family::V4;
    const size_t alen = v4 ? 4 : 16;
    if (v4) {
        f.insert(f.end(), {0x08, 0x00, 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0});
    } else {
        f.insert(f.end(), {0x86, 0xdd, 0x60, 0, 0, 0, 0, 20, 6, 64});
    }
    f.insert(f.end(), src.data(), src.data() + alen);
    f.insert(f.end(), dst.data(), dst.data() + alen);
    f.insert(f.end(), {0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff});
    f.resize(f.size() + 4, 0);
    return f;
}

struct Frames {
    std::vector<uint8_t> forwarded4;  // a routed packet: source not ours
    std::vector<uint8_t> forwarded6;
    std::vector<uint8_t> vip4_data;  // the stack answering a client from a VIP
    std::vector<uint8_t> vip6_ns;    // the stack resolving a client from a VIP
    // The last two as the program leaves them: already with the VMAC, so
    // every run takes the VIP path without rewriting (timeable with repeat).
    std::vector<uint8_t> vip4_data_vmac;
    std::vector<uint8_t> vip6_ns_vmac;
};

inline Frames build_frames() {
    Frames f;
    f.forwarded4 = tcp_frame(kOurMac, ip("203.0.113.7"), ip("198.18.1.50"));
    f.forwarded6 = tcp_frame(kOurMac, ip("2001:db8:ff::7"), ip("2001:db8:1::1:50"));
    f.vip4_data = tcp_frame(kOurMac, vip(Family::V4, kVrid), ip("198.18.1.50"));
    f.vip6_ns = p::build_neighbor_solicitation(kOurMac, vip(Family::V6, kVrid),
                                               ip("2001:db8:1::1:50"), true);
    return f;
}

}  // namespace xvrrp::bench::egress
