#include "world.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace xvrrp::xdpfuzz {

IpAddr addr(const char* text) {
    auto a = IpAddr::parse(text);
    if (!a) {
        throw std::invalid_argument(text);
    }
    return *a;
}

const std::vector<Vip>& vips() {
    static const std::vector<Vip> all = {
        {addr("192.0.2.100"), kVridA},     {addr("192.0.2.101"), kVridA},
        {addr("2001:db8::100"), kVridA},   {addr("fe80::100"), kVridA},
        {addr("198.51.100.20"), kVridB},   {addr("203.0.113.30"), kVridC},
        {addr("2001:db8:30::1"), kVridC},  {addr("2001:db8:40::1"), kVridOwner},
        {addr("fe80::40"), kVridOwner},    {addr("192.0.2.99"), kVridGone},
        {addr("2001:db8::99"), kVridGone},
    };
    return all;
}

const std::vector<Peer>& unicast_peers() {
    static const std::vector<Peer> all = {{kVridC, addr("192.0.2.3")},
                                          {kVridC, addr("2001:db8::3")}};
    return all;
}

namespace {

uint16_t vip_count(uint8_t vrid, Family family) {
    uint16_t n = 0;
    for (const Vip& v : vips()) {
        n += v.vrid == vrid && v.addr.family() == family;
    }
    return n;
}

xvrrp_router base(uint8_t state, Family family, uint8_t vrid, uint8_t priority, uint8_t version,
                  const char* primary) {
    xvrrp_router r{};
    r.state = state;
    r.priority = priority;
    r.version = version;
    r.preempt = 1;
    r.adver_int_cs = 100;
    r.v2_adver_int_s = 1;
    r.vip_count = vip_count(vrid, family);
    const IpAddr p = addr(primary);
    std::memcpy(r.primary, p.data(), p.size());
    return r;
}

// Somebody else as master: the peer of the segment, at priority 100, 1 s.
void known_master(xvrrp_router& r, Family family) {
    const IpAddr m = family == Family::V4 ? addr("192.0.2.2") : addr("fe80::2");
    std::memcpy(r.master_addr, m.data(), m.size());
    r.master_adver_int_cs = 100;
    r.master_priority = 100;
    r.master_known = 1;
    r.master_version = 3;
}

}  // namespace

World make_world(uint8_t w0, uint8_t w1, uint64_t now_ns) {
    World w;
    const uint8_t lease = (w0 >> 4) & 3;
    w.lease = lease == 1 ? Lease::Expired : lease == 2 ? Lease::None : Lease::Fresh;
    // Far from "now" either way: the kernel reads a clock cached per jiffy.
    const uint64_t expires = w.lease == Lease::Fresh ? now_ns + 600'000'000'000ull
                             : w.lease == Lease::Expired
                                 ? std::max<uint64_t>(now_ns, 10'000'000'001) - 10'000'000'000
                                 : 0;
    const bool both = (w1 >> 6) & 1;

    xvrrp_router a4 = base(w0 & 3, Family::V4, kVridA, 100, 3, "192.0.2.1");
    xvrrp_router a6 = base((w0 >> 2) & 3, Family::V6, kVridA, 100, 3, "fe80::1");
    for (xvrrp_router* r : {&a4, &a6}) {
        r->accept_v2_v3 = both;
        r->preempt = !((w1 >> 7) & 1);
    }
    xvrrp_router b = base((w0 >> 6) & 3, Family::V4, kVridB, 150, 2, "192.0.2.1");
    b.accept_v2_v3 = both;
    b.v2_auth_type = 1;
    std::memcpy(b.v2_auth, "secret", 6);
    xvrrp_router c4 = base(w1 & 3, Family::V4, kVridC, 100, 3, "192.0.2.1");
    xvrrp_router c6 = base((w1 >> 2) & 3, Family::V6, kVridC, 100, 3, "2001:db8::1");
    for (xvrrp_router* r : {&c4, &c6}) {
        r->unicast = 1;
        r->skip_ttl_check = (w1 >> 5) & 1;
    }
    xvrrp_router owner = base(XVRRP_STATE_MASTER, Family::V6, kVridOwner, 255, 3, "fe80::1");

    w.routers = {{kVridA, Family::V4, a4}, {kVridA, Family::V6, a6},
                 {kVridB, Family::V4, b},  {kVridC, Family::V4, c4},
                 {kVridC, Family::V6, c6}, {kVridOwner, Family::V6, owner}};
    for (Router& r : w.routers) {
        r.r.lease_expires_ns = expires;
        if ((w1 >> 4) & 1) {
            known_master(r.r, r.family);
        }
    }
    return w;
}

const xvrrp_router* World::find(uint8_t vrid, Family family) const {
    for (const Router& r : routers) {
        if (r.vrid == vrid && r.family == family) {
            return &r.r;
        }
    }
    return nullptr;
}

std::optional<uint8_t> World::owner(const IpAddr& a) const {
    for (const Vip& v : vips()) {
        if (v.addr == a) {
            return v.vrid;
        }
    }
    return std::nullopt;
}

void install_static(XdpHarness& h) {
    h.prepare_timer();
    h.set_ifcfg(kOurMac, kIfindex);
    for (const Vip& v : vips()) {
        h.add_vip(v.addr, v.vrid);
    }
    for (const Peer& p : unicast_peers()) {
        h.add_peer(p.vrid, p.addr);
    }
}

void install(XdpHarness& h, const World& w) {
    for (const Router& r : w.routers) {
        h.set_router(r.vrid, r.family, r.r);
        h.set_timer(r.vrid, r.family, xvrrp_timer{});
    }
}

}  // namespace xvrrp::xdpfuzz
